import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

const addFormats = formats as unknown as (ajv: Ajv) => void;
import type { NextFunction, Request, Response } from 'express';

interface Recorded {
  method: string;
  route: string;
  status: number;
  contentType: string;
  body: string;
}

type OpenApi = {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components?: unknown;
};

/** Points every local $ref at the document registered under the id "doc". */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `doc${value}` : rebase(value),
      ]),
    );
  }
  return schema;
}

/**
 * Records every response the application sends during a test file and checks each against the OpenAPI document
 * the server publishes: the route and status must be documented, and a JSON body must match its schema.
 */
export class ContractRecorder {
  private readonly recorded: Recorded[] = [];

  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    const send = response.send.bind(response);
    response.send = ((body?: unknown) => {
      const route = (request.route as { path?: string } | undefined)?.path;
      if (route && !route.includes('*') && typeof body === 'string') {
        this.recorded.push({
          method: request.method.toLowerCase(),
          route: `${request.baseUrl}${route}`.replace(/:(\w+)/g, '{$1}'),
          status: response.statusCode,
          contentType: String(response.getHeader('content-type') ?? ''),
          body,
        });
      }
      return send(body);
    }) as Response['send'];
    next();
  };

  get count(): number {
    return this.recorded.length;
  }

  violations(document: OpenApi): string[] {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: document.components }, 'doc');
    const validators = new Map<unknown, ValidateFunction>();
    const problems = new Set<string>();
    for (const record of this.recorded) {
      const where = `${record.method.toUpperCase()} ${record.route} → ${record.status}`;
      const operation = document.paths[record.route]?.[record.method];
      if (!operation) {
        problems.add(`${where}: route not in the OpenAPI document`);
        continue;
      }
      const responses = operation.responses ?? {};
      const documented =
        responses[String(record.status)] ?? responses[`${String(record.status)[0]}XX`] ?? responses.default;
      if (!documented) {
        problems.add(`${where}: status not documented`);
        continue;
      }
      const mediaType = record.contentType.split(';')[0];
      if (!/json/.test(mediaType) || record.body === '') continue;
      const schema = documented.content?.[mediaType]?.schema;
      if (!schema) {
        problems.add(`${where}: ${mediaType} body not documented`);
        continue;
      }
      let validate = validators.get(schema);
      if (!validate) {
        validate = ajv.compile(rebase(schema) as object);
        validators.set(schema, validate);
      }
      if (!validate(JSON.parse(record.body))) {
        const detail = (validate.errors ?? [])
          .slice(0, 3)
          .map((error) => `${error.instancePath || '/'} ${error.message}`)
          .join('; ');
        problems.add(`${where}: body does not match the schema: ${detail}`);
      }
    }
    return [...problems];
  }
}
