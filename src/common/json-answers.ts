import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { isAnsweredInFull } from './etag.js';
import { SerializedAnswer } from './serialized-answer.js';

/**
 * Nest's Express adapter, answering a handler's JSON body without Express's `res.json` and `res.send`, which
 * copy the serialised text into a Buffer to count its bytes (a page of notices is about 35 kB): the text goes to
 * the socket as it is, with its UTF-8 byte length. Same headers as Express gives (`application/json;
 * charset=utf-8`, Content-Length; HEAD without the body). Anything else goes through Express as before: no body,
 * streams, errors, a Content-Type the handler chose, 204 and 304, and conditional requests (If-None-Match,
 * If-Modified-Since), which Express may answer 304, unless the record is answered in full (`ANSWERED_IN_FULL`).
 */
export class JsonAnswersAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!isPlainJson(response, body, statusCode ?? response.statusCode)) {
      return super.reply(response, body, statusCode);
    }
    if (statusCode !== undefined) response.statusCode = statusCode;
    const text = body instanceof SerializedAnswer ? body.json : JSON.stringify(body);
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(text));
    return response.end(response.req.method === 'HEAD' ? undefined : text);
  }
}

function isPlainJson(response: Response, body: unknown, status: number): boolean {
  const headers = response.req.headers;
  return (
    typeof body === 'object' &&
    body !== null &&
    !(body instanceof Error) &&
    !(body instanceof StreamableFile) &&
    status !== 204 &&
    status !== 304 &&
    response.getHeader('Content-Type') === undefined &&
    ((headers['if-none-match'] === undefined && headers['if-modified-since'] === undefined) || isAnsweredInFull(body))
  );
}
