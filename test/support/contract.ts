/**
 * Checks a response against the published API description: the operation (method and route
 * template), the status, the media type and the body must all be what the document says (ADR 0011).
 * The API tests' app (support/app.ts) checks every response it gives this way.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const COMPONENTS = 'https://conference-challenges.example/contract/components';

/** Points the document's `#/components/schemas/X` at the one schema that holds them all. */
function pointAtComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pointAtComponents);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string'
        ? inner.replace('#/components/schemas/', `${COMPONENTS}#/$defs/`)
        : pointAtComponents(inner),
    ]),
  );
}

interface Operation {
  readonly template: string;
  readonly pattern: RegExp;
  readonly parameters: number;
  readonly methods: Json;
}

export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly operations: readonly Operation[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    formats.default(this.ajv);
    const components = isRecord(document['components']) ? document['components'] : {};
    this.ajv.addSchema({ $id: COMPONENTS, $defs: pointAtComponents(components['schemas']) });
    const paths = isRecord(document['paths']) ? document['paths'] : {};
    this.operations = Object.entries(paths)
      .map(([template, methods]) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
        parameters: (template.match(/\{/g) ?? []).length,
        methods: isRecord(methods) ? methods : {},
      }))
      // A literal segment wins over a parameter, as in the router: /conferences/import before /conferences/{id}.
      .sort((a, b) => a.parameters - b.parameters);
  }

  /** Throws, saying what differs, unless the response is one the document describes. */
  check(response: LightMyRequestResponse): void {
    const method = (response.raw.req.method ?? 'GET').toLowerCase();
    const path = (response.raw.req.url ?? '').split('?')[0] ?? '';
    const operation = this.operations.find((o) => o.pattern.test(path) && isRecord(o.methods[method]));
    if (operation === undefined || method === 'head') return; // not an API operation (/ping, /health, an unknown address)
    const described = operation.methods[method];
    const responses = isRecord(described) && isRecord(described['responses']) ? described['responses'] : {};
    const where = `${method.toUpperCase()} ${operation.template} answered ${String(response.statusCode)}`;
    const declared = responses[String(response.statusCode)];
    if (!isRecord(declared)) throw new Error(`${where}, a status the API description does not declare: ${response.body.slice(0, 300)}`);
    const content = isRecord(declared['content']) ? declared['content'] : undefined;
    if (content === undefined) {
      if (response.rawPayload.length > 0) throw new Error(`${where} with a body, where the API description declares none`);
      return;
    }
    const mediaType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const media = content[mediaType];
    if (!isRecord(media))
      throw new Error(`${where} with ${mediaType}, where the API description declares ${Object.keys(content).join(', ')}`);
    if (!mediaType.endsWith('json')) return;
    const key = `${method} ${operation.template} ${String(response.statusCode)} ${mediaType}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const schema = pointAtComponents(media['schema'] ?? {});
      validate = this.ajv.compile(isRecord(schema) ? schema : {});
      this.validators.set(key, validate);
    }
    const body: unknown = JSON.parse(response.body);
    if (!validate(body))
      throw new Error(`${where} with a body the API description does not allow: ${this.ajv.errorsText(validate.errors)}`);
  }
}
