import { makeAutoObservable, runInAction } from 'mobx';
import type { CommandOutput } from '../../core/api';
import { ApiError, type Api } from '../api/client';

type SessionUser = CommandOutput<'session.whoami'>;
type Info = CommandOutput<'session.info'>;

const SESSION_KEY = 'mcm.session';

/** Who is signed in, and the sign-in / first-run flow. */
export class SessionStore {
  info: Info | null = null;
  user: SessionUser | null = null;
  error: string | null = null;
  notice: string | null = null;
  busy = false;
  ready = false;

  constructor(private readonly api: Api) {
    makeAutoObservable(this);
    api.handleUnauthenticated(() => this.dropSession('Сессия истекла. Войдите снова.'));
  }

  /** Loads the sign-in hints and resumes a session kept by this tab, if it is still valid. */
  async start(): Promise<void> {
    try {
      const info = await this.api.invoke('session.info', {});
      const saved = sessionStorage.getItem(SESSION_KEY);
      let user: SessionUser | null = null;
      if (saved && info.hasUsers) {
        this.api.setSession(saved);
        user = await this.api.invoke('session.whoami', {}).catch(() => null);
        if (!user) this.api.setSession(null);
      }
      runInAction(() => {
        this.info = info;
        this.user = user;
        this.ready = true;
      });
    } catch (e) {
      runInAction(() => {
        this.error = e instanceof Error ? e.message : String(e);
        this.ready = true;
      });
    }
  }

  can(permission: SessionUser['permissions'][number]): boolean {
    return this.user?.permissions.includes(permission) ?? false;
  }

  async signIn(login: string, password: string): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const res = await this.api.invoke('session.signIn', { login, password });
      sessionStorage.setItem(SESSION_KEY, res.token);
      this.api.setSession(res.token);
      runInAction(() => (this.user = res.user));
    } catch (e) {
      runInAction(() => (this.error = e instanceof ApiError ? e.message : 'Не удалось войти'));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }

  async signOut(): Promise<void> {
    await this.api.invoke('session.signOut', {}).catch(() => undefined);
    this.dropSession(null);
  }

  async loadDemo(): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await this.api.invoke('demo.load', { scale: 'small' });
      const info = await this.api.invoke('session.info', {});
      runInAction(() => {
        this.info = info;
        this.notice = 'firstRun.done';
      });
    } catch (e) {
      runInAction(() => (this.error = e instanceof Error ? e.message : String(e)));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }

  private dropSession(message: string | null): void {
    sessionStorage.removeItem(SESSION_KEY);
    this.api.setSession(null);
    this.user = null;
    this.error = message;
  }
}
