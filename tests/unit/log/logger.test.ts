/** @module Unit tests for the journald logger: priorities, line format, levels, MRE_LOG_LEVEL / MRE_DEBUG, lazy debug fields. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  configureLogging,
  configureLoggingFromEnv,
  createLogger,
  formatLine,
  formatValue,
  PRIORITY,
  type LogConfig,
} from '../../../shared/log/index.ts';

let lines: string[] = [];
let previous: LogConfig;

beforeEach(() => {
  lines = [];
  previous = configureLogging({ level: 'info', debug: [], write: (line) => lines.push(line) });
});

afterEach(() => {
  configureLogging(previous);
});

describe('log priorities and format', () => {
  it('log - syslog priorities are 3, 4, 6, 7', () => {
    expect(PRIORITY).toEqual({ error: 3, warn: 4, info: 6, debug: 7 });
  });

  it('log - error, warn, info and debug lines start with <3>, <4>, <6>, <7>', () => {
    configureLogging({ level: 'debug' });
    const log = createLogger('test');
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    expect(lines).toEqual(['<3>test: e', '<4>test: w', '<6>test: i', '<7>test: d']);
  });

  it('log - a line is `<priority>namespace: message key=value …` in field order', () => {
    createLogger('p3:parser').info('frame read', { bytes: 12, ok: true, kind: 'PASSING' });
    expect(lines).toEqual(['<6>p3:parser: frame read bytes=12 ok=true kind=PASSING']);
  });

  it('log - writes exactly one line per event', () => {
    const log = createLogger('test');
    log.info('one');
    log.warn('two', { a: 1 });
    expect(lines).toHaveLength(2);
  });

  it('log - a string with spaces is quoted', () => {
    createLogger('t').info('m', { path: 'two words' });
    expect(lines).toEqual(['<6>t: m path="two words"']);
  });

  it('log - quotes inside a string are escaped', () => {
    createLogger('t').info('m', { said: 'say "hi"' });
    expect(lines).toEqual(['<6>t: m said="say \\"hi\\""']);
  });

  it('log - newlines in a field value are escaped so the event stays on one line', () => {
    createLogger('t').info('m', { text: 'line1\nline2\r\nline3' });
    expect(lines).toEqual(['<6>t: m text="line1\\nline2\\r\\nline3"']);
  });

  it('log - backslashes in a value are escaped', () => {
    createLogger('t').info('m', { p: 'C:\\dir' });
    expect(lines).toEqual(['<6>t: m p="C:\\\\dir"']);
  });

  it('log - an empty string and a value with = are quoted', () => {
    createLogger('t').info('m', { empty: '', eq: 'a=b' });
    expect(lines).toEqual(['<6>t: m empty="" eq="a=b"']);
  });

  it('log - a plain token value is left unquoted', () => {
    createLogger('t').info('m', { host: '127.0.0.1:4222', id: '01HZX3J8Q4V6N2B7C9D0E1F2G3' });
    expect(lines).toEqual(['<6>t: m host=127.0.0.1:4222 id=01HZX3J8Q4V6N2B7C9D0E1F2G3']);
  });

  it('log - newlines in the message are folded into spaces', () => {
    createLogger('t').warn('first\nsecond\r\nthird');
    expect(lines).toEqual(['<4>t: first second third']);
  });

  it('log - every event is one line whatever the message and values hold', () => {
    const log = createLogger('t');
    const messages = ['a\nb', 'a\r\nb', '\n', '"\n"', 'x\\\ny', 'tab\there'];
    const values = [...messages, 'a\rb', '\r', 'end\r'];
    for (const text of messages) log.error(text);
    for (const text of values) log.error('m', { v: text, e: new Error(text), o: { text }, list: [text] });
    expect(lines).toHaveLength(messages.length + values.length);
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('log - a lone carriage return in the message does not split the line', () => {
    const log = createLogger('t');
    log.warn('progress 50%\rprogress 100%');
    log.warn('trailing\r');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('log - a field that cannot be turned into JSON does not lose the event', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const log = createLogger('t');
    log.error('with a cycle', { state: circular });
    log.error('with a function', { callback: () => 1 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^<3>t: with a cycle/);
    expect(lines[1]).toMatch(/^<3>t: with a function/);
  });

  it('log - an Error value renders its message', () => {
    createLogger('t').error('write failed', { err: new Error('disk full'), code: new Error('EIO') });
    expect(lines).toEqual(['<3>t: write failed err="disk full" code=EIO']);
  });

  it('log - an Error with a multi-line message stays on one line', () => {
    createLogger('t').error('x', { err: new Error('a\nb') });
    expect(lines).toEqual(['<3>t: x err="a\\nb"']);
  });

  it('log - undefined fields are left out, null is shown', () => {
    createLogger('t').info('m', { gone: undefined, kept: null, n: 0, f: false });
    expect(lines).toEqual(['<6>t: m kept=null n=0 f=false']);
  });

  it('log - a message with no fields has nothing after it', () => {
    createLogger('t').info('just this');
    expect(lines).toEqual(['<6>t: just this']);
  });

  it('log - numbers, booleans and bigints render plainly', () => {
    createLogger('t').info('m', { int: 42, neg: -1.5, yes: true, big: 12345678901234567890n });
    expect(lines).toEqual(['<6>t: m int=42 neg=-1.5 yes=true big=12345678901234567890']);
  });

  it('log - arrays and objects render as JSON, quoted when needed', () => {
    createLogger('t').info('m', { ids: [1, 2, 3], obj: { a: 1 }, big: { n: 5n } });
    expect(lines).toEqual(['<6>t: m ids=[1,2,3] obj="{\\"a\\":1}" big="{\\"n\\":\\"5\\"}"']);
  });

  it('log - formatValue and formatLine agree with the logger', () => {
    expect(formatValue('a b')).toBe('"a b"');
    expect(formatValue('ab')).toBe('ab');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(new Error('oops'))).toBe('oops');
    expect(formatLine('warn', 'ns', 'msg', { k: 'v', skip: undefined })).toBe('<4>ns: msg k=v');
    expect(formatLine('debug', 'ns', 'msg')).toBe('<7>ns: msg');
  });
});

describe('log levels', () => {
  it('log - the info level (the default) hides debug and shows info, warn and error', () => {
    configureLogging({ level: 'info' });
    const log = createLogger('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toEqual(['<6>t: i', '<4>t: w', '<3>t: e']);
    expect(log.debugEnabled).toBe(false);
  });

  it('log - the built-in default level is info with no debug patterns', () => {
    // `previous` is the config before this file's beforeEach; the process default hides debug.
    expect(previous.level).toBe('info');
    expect(previous.debug).toEqual([]);
  });

  it('log - the warn level hides info and debug', () => {
    configureLogging({ level: 'warn' });
    const log = createLogger('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toEqual(['<4>t: w', '<3>t: e']);
  });

  it('log - the error level shows only errors', () => {
    configureLogging({ level: 'error' });
    const log = createLogger('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toEqual(['<3>t: e']);
  });

  it('log - the debug level turns debug on in every namespace', () => {
    configureLogging({ level: 'debug' });
    createLogger('p3:parser').debug('a');
    createLogger('appliance:link').debug('b');
    expect(lines).toEqual(['<7>p3:parser: a', '<7>appliance:link: b']);
  });

  it('log - configureLogging returns the settings it replaced', () => {
    const write = (line: string) => lines.push(`custom ${line}`);
    const before = configureLogging({ level: 'warn', debug: ['x'], write });
    expect(before.level).toBe('info');
    expect(before.debug).toEqual([]);
    const after = configureLogging({ level: 'error' });
    expect(after.level).toBe('warn');
    expect(after.debug).toEqual(['x']);
    expect(after.write).toBe(write);
  });

  it('log - a logger made before a config change follows the new config', () => {
    const log = createLogger('t');
    configureLogging({ level: 'error' });
    log.info('hidden');
    configureLogging({ level: 'info' });
    log.info('shown');
    expect(lines).toEqual(['<6>t: shown']);
  });
});

describe('log environment', () => {
  it('log - MRE_DEBUG=p3:* enables debug for p3:parser but not appliance:link', () => {
    configureLoggingFromEnv({ MRE_DEBUG: 'p3:*' });
    const parser = createLogger('p3:parser');
    const link = createLogger('appliance:link');
    parser.debug('frame');
    link.debug('ping');
    expect(lines).toEqual(['<7>p3:parser: frame']);
    expect(parser.debugEnabled).toBe(true);
    expect(link.debugEnabled).toBe(false);
  });

  it('log - MRE_DEBUG=p3:* also covers p3 itself and deeper namespaces but not p3x', () => {
    configureLoggingFromEnv({ MRE_DEBUG: 'p3:*' });
    expect(createLogger('p3').debugEnabled).toBe(true);
    expect(createLogger('p3:parser:frame').debugEnabled).toBe(true);
    expect(createLogger('p3x').debugEnabled).toBe(false);
    expect(createLogger('p3x:parser').debugEnabled).toBe(false);
    expect(createLogger('appliance:p3').debugEnabled).toBe(false);
  });

  it('log - MRE_DEBUG takes a comma list with spaces and exact names', () => {
    configureLoggingFromEnv({ MRE_DEBUG: ' p3:* , appliance:link ,' });
    expect(createLogger('p3:parser').debugEnabled).toBe(true);
    expect(createLogger('appliance:link').debugEnabled).toBe(true);
    expect(createLogger('appliance:link:tx').debugEnabled).toBe(false);
    expect(createLogger('appliance:spool').debugEnabled).toBe(false);
  });

  it('log - MRE_DEBUG=* turns debug on everywhere', () => {
    configureLoggingFromEnv({ MRE_DEBUG: '*' });
    expect(createLogger('anything:at:all').debugEnabled).toBe(true);
  });

  it('log - MRE_DEBUG does not lower the level for info', () => {
    configureLoggingFromEnv({ MRE_LOG_LEVEL: 'error', MRE_DEBUG: 'p3:*' });
    const log = createLogger('p3:parser');
    log.info('not shown');
    log.warn('not shown either');
    log.debug('shown');
    expect(lines).toEqual(['<7>p3:parser: shown']);
  });

  it('log - MRE_LOG_LEVEL sets the level, in any case', () => {
    configureLoggingFromEnv({ MRE_LOG_LEVEL: 'WARN' });
    const log = createLogger('t');
    log.info('i');
    log.warn('w');
    expect(lines).toEqual(['<4>t: w']);
  });

  it('log - MRE_LOG_LEVEL=debug turns debug on', () => {
    configureLoggingFromEnv({ MRE_LOG_LEVEL: 'debug' });
    createLogger('any').debug('d');
    expect(lines).toEqual(['<7>any: d']);
  });

  it('log - an empty environment changes nothing', () => {
    configureLogging({ level: 'warn', debug: ['x:*'] });
    configureLoggingFromEnv({});
    const after = configureLogging({});
    expect(after.level).toBe('warn');
    expect(after.debug).toEqual(['x:*']);
  });

  it.each(['verbose', 'trace', '', 'constructor', '__proto__'])('log - MRE_LOG_LEVEL=%j that is no level is ignored', (value) => {
    configureLogging({ level: 'warn' });
    configureLoggingFromEnv({ MRE_LOG_LEVEL: value });
    expect(configureLogging({}).level).toBe('warn');
    const log = createLogger('t');
    log.info('hidden');
    log.warn('shown');
    expect(lines).toEqual(['<4>t: shown']);
  });
});

describe('log lazy debug fields', () => {
  it('log - the lazy debug function is not called when debug is off', () => {
    const fields = vi.fn(() => ({ hex: 'deadbeef' }));
    const log = createLogger('p3:parser');
    log.debug('frame', fields);
    expect(fields).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('log - the lazy debug function is called once when debug is on, and its fields are written', () => {
    configureLoggingFromEnv({ MRE_DEBUG: 'p3:*' });
    const fields = vi.fn(() => ({ hex: 'deadbeef', len: 4 }));
    createLogger('p3:parser').debug('frame', fields);
    expect(fields).toHaveBeenCalledTimes(1);
    expect(lines).toEqual(['<7>p3:parser: frame hex=deadbeef len=4']);
  });

  it('log - the lazy debug function is not called for a namespace outside MRE_DEBUG', () => {
    configureLoggingFromEnv({ MRE_DEBUG: 'p3:*' });
    const fields = vi.fn(() => ({ x: 1 }));
    createLogger('appliance:link').debug('frame', fields);
    expect(fields).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('log - debug also takes plain fields', () => {
    configureLogging({ level: 'debug' });
    createLogger('t').debug('m', { a: 'b c' });
    expect(lines).toEqual(['<7>t: m a="b c"']);
  });
});

describe('log children and sinks', () => {
  it("log - child('x') makes namespace a:x", () => {
    const child = createLogger('a').child('x');
    expect(child.namespace).toBe('a:x');
    child.info('hello');
    expect(lines).toEqual(['<6>a:x: hello']);
  });

  it('log - children nest', () => {
    expect(createLogger('a').child('x').child('y').namespace).toBe('a:x:y');
  });

  it('log - a child is covered by its parent pattern in MRE_DEBUG', () => {
    configureLoggingFromEnv({ MRE_DEBUG: 'a:*' });
    createLogger('a').child('x').debug('d');
    expect(lines).toEqual(['<7>a:x: d']);
  });

  it('log - a throwing sink does not throw out of the logger', () => {
    configureLogging({
      level: 'debug',
      write: () => {
        throw new Error('EPIPE');
      },
    });
    const log = createLogger('t');
    expect(() => log.error('e', { a: 1 })).not.toThrow();
    expect(() => log.warn('w')).not.toThrow();
    expect(() => log.info('i')).not.toThrow();
    expect(() => log.debug('d', () => ({ b: 2 }))).not.toThrow();
  });

  it('log - logging works again once the sink recovers', () => {
    let broken = true;
    configureLogging({
      write: (line) => {
        if (broken) throw new Error('EPIPE');
        lines.push(line);
      },
    });
    const log = createLogger('t');
    log.info('lost');
    broken = false;
    log.info('kept');
    expect(lines).toEqual(['<6>t: kept']);
  });
});
