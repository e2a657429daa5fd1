/** @module Namespaced logger for journald: levels, per-namespace debug, and lazily built debug fields so hex dumps cost nothing when off. */
import { formatLine, type Fields, type Level } from './format.ts';

export interface Logger {
  readonly namespace: string;
  error(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  /** `fields` may be a function, called only when debug is on for this namespace. */
  debug(message: string, fields?: Fields | (() => Fields)): void;
  readonly debugEnabled: boolean;
  child(suffix: string): Logger;
}

export interface LogConfig {
  /** Lowest level written; `debug` here turns debug on everywhere. */
  level: Level;
  /** Namespace patterns (`p3:*`, `appliance:link`) that get debug whatever `level` says. */
  debug: readonly string[];
  /** Where lines go; stderr by default, so stdout stays free for command output. */
  write: (line: string) => void;
}

const ORDER: Readonly<Record<Level, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

const config: LogConfig = {
  level: 'info',
  debug: [],
  write: (line) => process.stderr.write(line + '\n'),
};

/** Changes logging for the whole process; returns the previous settings. */
export function configureLogging(changes: Partial<LogConfig>): LogConfig {
  const previous = { ...config };
  Object.assign(config, changes);
  return previous;
}

/** Reads `MRE_LOG_LEVEL` (error|warn|info|debug) and `MRE_DEBUG` (comma-separated namespace patterns). */
export function configureLoggingFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const level = env.MRE_LOG_LEVEL?.toLowerCase();
  if (level && Object.hasOwn(ORDER, level)) config.level = level as Level;
  if (env.MRE_DEBUG) config.debug = env.MRE_DEBUG.split(',').map((p) => p.trim()).filter(Boolean);
}

function matches(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith(':*')) return namespace === pattern.slice(0, -2) || namespace.startsWith(pattern.slice(0, -1));
  return pattern === namespace;
}

function debugOn(namespace: string): boolean {
  return config.level === 'debug' || config.debug.some((p) => matches(p, namespace));
}

export function createLogger(namespace: string): Logger {
  const emit = (level: Level, message: string, fields?: Fields) => {
    if (ORDER[level] > ORDER[config.level] && !(level === 'debug' && debugOn(namespace))) return;
    try {
      config.write(formatLine(level, namespace, message, fields));
    } catch {
      // A closed stderr must not take the service down with it.
    }
  };
  return {
    namespace,
    error: (message, fields) => emit('error', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    info: (message, fields) => emit('info', message, fields),
    debug(message, fields) {
      if (!debugOn(namespace)) return;
      emit('debug', message, typeof fields === 'function' ? fields() : fields);
    },
    get debugEnabled() {
      return debugOn(namespace);
    },
    child: (suffix) => createLogger(`${namespace}:${suffix}`),
  };
}
