export const HOLD_SETTINGS = Symbol('HOLD_SETTINGS');
