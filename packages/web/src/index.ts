// twinstorm's web status page, Storm-UI-shaped JSON API and Prometheus /metrics.
export { startUiServer, uiApp, type LiveRun, type RunSource, type UiServer, type UiServerOptions } from './ui-server.ts';
export { localRunView, type LocalRunIdentity } from './local-view.ts';
export { prometheusText, PROMETHEUS_CONTENT_TYPE } from './prometheus.ts';
export { RateWindow, type Rates, type RunRates } from './rate-window.ts';
export { WebError, type WebErrorCode } from './errors.ts';
export type * from './view-types.ts';
export { stormRunView } from './storm-view.ts';
