/** @module Decoder source parsing and option checks: what a config file may say, and the errors it gets when wrong. */
import { describe, expect, test } from 'vitest';
import { createDecoderLink, DEFAULT_P3_PORT, parseSource } from '../../../appliance/decoder/index.ts';

describe('decoder link source', () => {
  test('decoder link - parseSource reads tcp://host:port, defaults the port to 5403 and takes IPv6 in brackets', () => {
    expect(parseSource('tcp://192.168.1.50:5403')).toEqual({ transport: 'tcp', host: '192.168.1.50', port: 5403 });
    expect(parseSource('tcp://decoder.local')).toEqual({ transport: 'tcp', host: 'decoder.local', port: DEFAULT_P3_PORT });
    expect(parseSource('TCP://decoder.local:6000/')).toEqual({ transport: 'tcp', host: 'decoder.local', port: 6000 });
    expect(parseSource('tcp://[fe80::1]:5403')).toEqual({ transport: 'tcp', host: 'fe80::1', port: 5403 });
    expect(parseSource('  tcp://10.0.0.2:5403 ')).toEqual({ transport: 'tcp', host: '10.0.0.2', port: 5403 });
    expect(DEFAULT_P3_PORT).toBe(5403);
  });

  test('decoder link - parseSource takes an absolute device path as serial', () => {
    expect(parseSource('/dev/ttyUSB0')).toEqual({ transport: 'serial', path: '/dev/ttyUSB0' });
    const byId = '/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0';
    expect(parseSource(byId)).toEqual({ transport: 'serial', path: byId });
  });

  test.each([
    ['tcp://:abc', /invalid decoder source "tcp:\/\/:abc": the host is missing/],
    ['tcp://decoder:abc', /port "abc" is not a number from 1 to 65535/],
    ['tcp://decoder:0', /port "0" is not a number/],
    ['tcp://decoder:65536', /port "65536" is not a number/],
    ['tcp://decoder:', /port "" is not a number/],
    ['tcp://decoder:5403/extra', /not of the form tcp:\/\/host\[:port\]/],
    ['tcp:decoder', /not of the form/],
    ['udp://decoder:5403', /unsupported scheme "udp"/],
    ['ttyUSB0', /a serial device path must be absolute/],
    ['', /it is empty/],
  ])('decoder link - parseSource refuses %j with a clear error', (source, message) => {
    expect(() => parseSource(source)).toThrow(message);
    expect(() => parseSource(source)).toThrow(/expected tcp:\/\/host\[:port\] or a device path like \/dev\/ttyUSB0/);
  });

  test('decoder link - createDecoderLink refuses a bad source or option before anything starts', () => {
    expect(() => createDecoderLink({ source: 'tcp://:abc' })).toThrow(/the host is missing/);
    expect(() => createDecoderLink({ source: '/dev/ttyUSB0', idleTimeoutMs: 0 })).toThrow(/idleTimeoutMs must be a positive number, got 0/);
    expect(() => createDecoderLink({ source: '/dev/ttyUSB0', baudRate: Number.NaN })).toThrow(/baudRate must be a positive number/);
    expect(createDecoderLink({ source: '/dev/ttyUSB0' }).status()).toEqual({
      state: 'stopped', source: '/dev/ttyUSB0', transport: 'serial', reconnects: 0, bytes_received: 0, frames_good: 0, frames_bad: 0, paused: false, pauses: 0,
    });
  });
});
