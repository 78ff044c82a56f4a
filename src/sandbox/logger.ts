/** The logging the sandbox needs: a pino logger fits; silent by default. */
export interface SandboxLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = () => {};
export const silentLogger: SandboxLogger = { debug: noop, info: noop, warn: noop, error: noop };
