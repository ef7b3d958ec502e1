import { DataSource } from 'typeorm';
import { openDataSource, TransactionRunner } from '@movie/persistence';
import { UsedRefreshTokenOrm } from './used-refresh-token.orm-entity';
import { UsedRefreshTokens } from './used-refresh-tokens';

describe('UsedRefreshTokens (SQLite)', () => {
  let dataSource: DataSource;
  let used: UsedRefreshTokens;

  beforeEach(async () => {
    dataSource = await openDataSource({ url: 'sqlite::memory:', entities: [UsedRefreshTokenOrm] });
    used = new UsedRefreshTokens(new TransactionRunner(dataSource));
  });
  afterEach(() => dataSource.destroy());

  it('marks a token id once, and says so when it comes again', async () => {
    const expiresAt = new Date('2026-01-01T08:00:00.000Z');

    expect([await used.markUsed('token-1', expiresAt), await used.markUsed('token-1', expiresAt), await used.markUsed('token-2', expiresAt)])
      .toEqual([true, false, true]);
  });

  it('forgets only the tokens that have expired, which verification refuses anyway', async () => {
    await used.markUsed('expired', new Date('2026-01-01T08:00:00.000Z'));
    await used.markUsed('valid', new Date('2026-01-01T10:00:00.000Z'));

    expect(await used.forgetExpired(new Date('2026-01-01T09:00:00.000Z'))).toBe(1);
    expect((await dataSource.manager.find(UsedRefreshTokenOrm)).map((row) => row.tokenId)).toEqual(['valid']);
  });
});
