// The ceiling: a bare node:http server that reads a JSON body and answers 201, nothing else.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 19090);
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.stringify({ received: Buffer.concat(chunks).length, status: 1 });
    response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
}).listen(port, '127.0.0.1', () => process.send?.('listening'));
