import { plainToInstance } from 'class-transformer';
import { IsISO8601, IsInt, IsNotEmpty, IsObject, IsString, IsUUID, Min, validate, ValidationError } from 'class-validator';
import { EventEnvelope } from '@movie/contracts';

/** The envelope as a consumer checks it before trusting any field. */
class EnvelopeShape implements EventEnvelope {
  @IsUUID() id: string;
  @IsString() @IsNotEmpty() type: string;
  @IsInt() @Min(1) version: number;
  @IsISO8601() occurredAt: string;
  @IsString() @IsNotEmpty() key: string;
  @IsString() @IsNotEmpty() source: string;
  @IsObject() payload: unknown;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Accepts what a transport hands over: an object (Nest parsed the JSON), a string or a Buffer. */
export function parseMessage(message: unknown): Parsed<object> {
  let value = message;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'message is not JSON' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'message is not a JSON object' };
  }
  return { ok: true, value };
}

export async function validateEnvelope(raw: object): Promise<Parsed<EventEnvelope>> {
  const envelope = plainToInstance(EnvelopeShape, raw);
  const errors = await validate(envelope);
  if (errors.length > 0) return { ok: false, reason: `invalid envelope: ${describeErrors(errors)}` };
  return { ok: true, value: { ...raw, ...envelope } as EventEnvelope };
}

/** Builds the payload class from the plain payload and validates it; extra fields are tolerated. */
export async function validatePayload<T extends object>(
  envelope: EventEnvelope,
  payloadClass: new () => T,
): Promise<Parsed<EventEnvelope<string, T>>> {
  const payload = plainToInstance(payloadClass, envelope.payload as object);
  const errors = await validate(payload, { forbidUnknownValues: true });
  if (errors.length > 0) {
    return { ok: false, reason: `invalid ${envelope.type} v${envelope.version} payload: ${describeErrors(errors)}` };
  }
  return { ok: true, value: { ...envelope, payload } };
}

function describeErrors(errors: ValidationError[], path = ''): string {
  return errors
    .flatMap((error) => {
      const at = `${path}${error.property}`;
      const own = Object.values(error.constraints ?? {}).map((text) => (text.startsWith(error.property) ? `${path}${text}` : `${at}: ${text}`));
      const nested = error.children?.length ? [describeErrors(error.children, `${at}.`)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}
