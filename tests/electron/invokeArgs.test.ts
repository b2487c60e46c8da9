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
});
