import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from './app-error.js';
import { problemFor } from './problem.filter.js';

/** The answer for what Node's HTTP parser refused before any request existed. */
function clientProblem(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new AppError('headers_too_large', 'The request line and headers are larger than the server takes.');
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new AppError('request_timeout', 'The request did not arrive whole in time.');
  }
  return new AppError('malformed_request', 'The request is not well-formed HTTP.');
}

/**
 * Answers what Node's HTTP parser refuses before the application sees a request (a malformed request line or
 * header, headers too large, a request that did not arrive in time) as every other error is answered: problem+json
 * with an X-Request-Id (its `instance` names that id, there being no path), then closes the connection.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const problem = clientProblem(error.code);
    const body = JSON.stringify(problemFor(problem, `urn:uuid:${requestId}`));
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
