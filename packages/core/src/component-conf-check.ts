import type { Conf } from './conf.ts';
import { errorMessageAt, TwinstormError } from './errors.ts';

/** A component class may check its conf keys (`static checkConf(conf)` throwing with the key named). */
interface ConfCheckingClass {
  readonly checkConf?: (conf: Conf) => void;
}

/**
 * Runs a component class's own conf check on the conf its tasks will get (the topology's, then its own over it): when
 * the topology is built and again when conf is merged over it (`--conf`), so a bad value stops the run before it starts.
 */
export function checkComponentConf(id: string, cls: unknown, conf: Conf): void {
  const check = (cls as ConfCheckingClass).checkConf;
  if (typeof check !== 'function') return;
  try {
    check.call(cls, conf);
  } catch (error) {
    throw new TwinstormError('E_INVALID_CONF', errorMessageAt(error, { component: id }), { component: id }, { cause: error });
  }
}
