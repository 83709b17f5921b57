import { TwinstormError, type Conf } from '@twinstorm/core';

/** The conf key that switches strict mode on (as `runLocal(t, { strict: true })` and `twinstorm run --strict` do). */
export const STRICT_CONF_KEY = 'twinstorm.local.strict';

/** Whether a run is strict: the run option wins, else the conf key; a conf value that is not a boolean is an error. */
export function isStrict(option: boolean | undefined, conf: Conf): boolean {
  if (option !== undefined) return option;
  const value = conf[STRICT_CONF_KEY];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') {
    throw new TwinstormError('E_INVALID_CONF', `conf "${STRICT_CONF_KEY}" must be true or false, got ${JSON.stringify(value)}`);
  }
  return value;
}
