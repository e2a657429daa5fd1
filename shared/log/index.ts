/** @module Logging for journald: see logger.ts for the API and format.ts for the line format. */
export { configureLogging, configureLoggingFromEnv, createLogger, type LogConfig, type Logger } from './logger.ts';
export { formatLine, formatValue, PRIORITY, type Fields, type FieldValue, type Level } from './format.ts';
export { monotonicMs, RateLimitedWarning, REMINDER_MS, type RateLimitOptions } from './rate-limit.ts';
