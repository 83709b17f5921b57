/** Stable codes of the web package's errors. */
export type WebErrorCode = 'E_UI_PORT_IN_USE' | 'E_UI_LISTEN' | 'E_UI_ASSET_MISSING';

/** The one error class of @twinstorm/web: a stable code and a message saying what was wrong and where. */
export class WebError extends Error {
  constructor(
    readonly code: WebErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebError';
  }
}
