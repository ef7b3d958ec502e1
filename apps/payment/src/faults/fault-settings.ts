/** Fault injection for resilience experiments: how slow and how unreliable POST /payments pretends to be. */
export interface DelayRange {
  min: number;
  max: number;
}

export interface FaultSettings {
  /** Each charge waits a random time in this range first; null for no wait. */
  delay: DelayRange | null;
  /** Share of charges (0..1) answered 503 without charging. */
  failureRate: number;
}

export const MAX_FAULT_DELAY_MS = 60_000;

export const noFaults: FaultSettings = { delay: null, failureRate: 0 };

/** How a delay is written in settings and over HTTP: milliseconds, or [min, max] for a random one. */
export type DelaySpec = number | [number, number];

const isWholeMs = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_FAULT_DELAY_MS;

export function isDelaySpec(value: unknown): value is DelaySpec {
  if (isWholeMs(value)) return true;
  return Array.isArray(value) && value.length === 2 && value.every(isWholeMs) && value[0] <= value[1];
}

export const delaySpecRule = `milliseconds from 0 to ${MAX_FAULT_DELAY_MS}, or a [min, max] pair of them with min <= max`;

export function toDelayRange(spec: DelaySpec): DelayRange | null {
  const [min, max] = typeof spec === 'number' ? [spec, spec] : spec;
  return max === 0 ? null : { min, max };
}

export function toDelaySpec(range: DelayRange | null): DelaySpec {
  if (!range) return 0;
  return range.min === range.max ? range.min : [range.min, range.max];
}

/** "500" or "400-620", as PAYMENT_FAULT_DELAY_MS takes it; undefined if it is neither. */
export function parseDelaySetting(text: string): DelayRange | null | undefined {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) return undefined;
  const spec: DelaySpec = match[2] === undefined ? Number(match[1]) : [Number(match[1]), Number(match[2])];
  return isDelaySpec(spec) ? toDelayRange(spec) : undefined;
}

export const isFailureRate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
