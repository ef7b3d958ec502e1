/** The lines of an event stream as they arrive, blank separators left out. */
export async function* sseLines(response: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line) yield line;
    }
  }
}

export async function nextData(lines: AsyncGenerator<string>): Promise<unknown> {
  for await (const line of lines) {
    if (line.startsWith('data: ')) return JSON.parse(line.slice('data: '.length));
  }
  throw new Error('the stream ended without data');
}
