import { Connectable, KeptConnection } from './kept-connection';

class FakeClient implements Connectable {
  connects = 0;
  disconnects = 0;
  failNext = false;

  async connect(): Promise<void> {
    this.connects++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker down');
    }
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
  }
}

describe('KeptConnection', () => {
  it('connects each client once for callers at once and after', async () => {
    const clients = [new FakeClient(), new FakeClient()];
    const connection = new KeptConnection('the test clients', clients);

    await Promise.all([connection.ready(), connection.ready()]);
    await connection.ready();

    expect(clients.map((client) => client.connects)).toEqual([1, 1]);
  });

  it('forgets a failed attempt, so the next use connects again', async () => {
    const client = new FakeClient();
    client.failNext = true;
    const connection = new KeptConnection('the test client', [client]);

    await expect(connection.ready()).rejects.toThrow('broker down');
    await connection.ready();

    expect(client.connects).toBe(2);
  });

  it('disconnects on close only what was connected, and refuses uses after', async () => {
    const unused = new FakeClient();
    await new KeptConnection('the unused client', [unused]).close();
    expect(unused.disconnects).toBe(0);

    const used = new FakeClient();
    const connection = new KeptConnection('the test client', [used]);
    await connection.ready();
    await connection.close();

    expect(used.disconnects).toBe(1);
    await expect(connection.ready()).rejects.toThrow('the test client is closed');
    expect(used.connects).toBe(1);
  });
});
