import { describe, expect, it } from 'vitest';
import { parseInvokeArgs } from '../../electron/invokeArgs';

describe('parseInvokeArgs', () => {
  it('accepts domain.verbNoun names with or without a session', () => {
    expect(parseInvokeArgs('contracts.list', undefined)).toEqual({ name: 'contracts.list', session: undefined });
    expect(parseInvokeArgs('session.signIn', 'tok-123')).toEqual({ name: 'session.signIn', session: 'tok-123' });
    expect(parseInvokeArgs('users.list', null)).toEqual({ name: 'users.list', session: undefined });
  });

  it.each([
    [42],
    [null],
    [''],
    ['contracts'],
    ['contracts.'],
    ['.list'],
    ['Contracts.list'],
    ['contracts.list.all'],
    ['contracts/list'],
    ['__proto__.constructor'],
    ['contracts.list\n'],
    ['a.' + 'b'.repeat(200)],
  ])('refuses command name %j', (name) => {
    expect(parseInvokeArgs(name, undefined)).toBeNull();
  });

  it('refuses a session that is not a string', () => {
    expect(parseInvokeArgs('users.list', 123)).toBeNull();
    expect(parseInvokeArgs('users.list', { token: 'x' })).toBeNull();
    expect(parseInvokeArgs('users.list', 'x'.repeat(10_000))).toBeNull();
  });

  it('accepts the per-call flags: the renderer\'s name for the call and the background mark', () => {
    expect(parseInvokeArgs('contracts.list', 'tok', { requestId: 'r1k2-7', background: true })).toEqual({
      name: 'contracts.list',
      session: 'tok',
      requestId: 'r1k2-7',
      background: true,
    });
    expect(parseInvokeArgs('signals.importFile', 'tok', { requestId: 'x'.repeat(64) })).toEqual({
      name: 'signals.importFile',
      session: 'tok',
      requestId: 'x'.repeat(64),
    });
    // Absent, null, empty or a false mark all mean an ordinary call of the user's.
    for (const options of [undefined, null, {}, { background: false }]) {
      const args = parseInvokeArgs('contracts.list', 'tok', options);
      expect(args).toEqual({ name: 'contracts.list', session: 'tok' });
      expect(args).not.toHaveProperty('background');
      expect(args).not.toHaveProperty('requestId');
    }
  });

  it.each([
    ['a request name over 64 characters', { requestId: 'x'.repeat(65) }],
    ['an empty request name', { requestId: '' }],
    ['a request name that is not a string', { requestId: 7 }],
    ['a background mark that is not a boolean', { background: 'yes' }],
    ['a background mark of 1', { background: 1 }],
    ['an unknown key', { requestId: 'r1', priority: 'high' }],
    ['an array', ['r1', true]],
    ['a string', 'background'],
  ])('refuses options with %s', (_what, options) => {
    expect(parseInvokeArgs('contracts.list', 'tok', options)).toBeNull();
  });
});
