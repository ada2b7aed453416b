import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Action } from '@safegrid/contracts/values';
import { ACTIONS } from '@safegrid/contracts/values';
import { AppError } from '../../errors';
import type { DB, SessionStage } from '../db/schema';
import { isWellFormedToken, safeEqual, sessionTokenHash } from './session-token';
import { createRateLimiter } from '../http/rate-limit';
import { EMPTY_SCOPE, type Actor, type JurisdictionScope } from './actor';
import { authorize } from './policy';
import { createSessionRepository, type SessionRecord } from './session.repository';

/**
 * Who may call a route, declared on the route itself (`config.access`):
 * - 'public': anyone (sign-in, registration, health, API docs);
 * - 'session': any fully signed-in user (their own account);
 * - 'any_session': a session at any stage (signing out);
 * - 'mfa_challenge': a session that has passed the password and owes a TOTP code;
 * - 'mfa_enrolment': a session that must (or wants to) enrol a second factor;
 * - an action of the policy table: a full session whose role may do it.
 * A route under /api without a declaration fails at start-up, so nothing is open by omission.
 */
const SESSION_ACCESS = ['public', 'session', 'any_session', 'mfa_challenge', 'mfa_enrolment'] as const;
export type Access = (typeof SESSION_ACCESS)[number] | Action;
const KNOWN_ACCESS: ReadonlySet<string> = new Set([...SESSION_ACCESS, ...ACTIONS]);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Count calls per client address (auth endpoints). */
    rateLimited?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authSession: SessionRecord | null;
  }
}

export const SESSION_COOKIE = 'sg_session';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often: a write per request would cost every read. */
const TOUCH_EVERY_MS = 60 * 1000;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthenticationOptions {
  db: Kysely<DB>;
  clock: () => Date;
  authRateLimitPerMinute: number;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string | null): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  const value = token ?? '';
  const maxAge = token ? ABSOLUTE_TIMEOUT_MS / 1000 : 0;
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
  );
}

export function scopeOf(record: Pick<SessionRecord, 'scopes' | 'enterprise_ids'>): JurisdictionScope {
  const scope: JurisdictionScope = { ...EMPTY_SCOPE, district: [], street: [], community: [], grid: [] };
  for (const [id, level] of record.scopes) {
    if (level === 'city') scope.city = true;
    else scope[level].push(id);
  }
  scope.enterprise = record.enterprise_ids;
  return scope;
}

function actorOf(record: SessionRecord, ip: string): Actor {
  return {
    userId: record.user_id,
    username: record.username,
    displayName: record.display_name,
    role: record.role,
    scope: scopeOf(record),
    scopeIds: record.scopes.map(([id]) => id),
    ip,
    stage: record.stage,
  };
}

/** The stages a route accepts. */
function stagesFor(access: Access): readonly SessionStage[] {
  if (access === 'mfa_challenge') return ['mfa_challenge'];
  if (access === 'mfa_enrolment') return ['mfa_enrolment', 'active'];
  if (access === 'any_session') return ['active', 'mfa_challenge', 'mfa_enrolment'];
  return ['active'];
}

export function sessionExpiry(record: Pick<SessionRecord, 'last_seen_at' | 'expires_at'>) {
  const idle = new Date(record.last_seen_at.getTime() + IDLE_TIMEOUT_MS);
  return { idleExpiresAt: idle, absoluteExpiresAt: record.expires_at };
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const routeTables = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every /api route with its declared access, for the authorisation matrix test and docs. */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return routeTables.get(app) ?? [];
}

export function registerAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  const table: DeclaredRoute[] = [];
  routeTables.set(app, table);
  const sessions = createSessionRepository(options.db);
  const limiter = createRateLimiter({
    limit: options.authRateLimitPerMinute,
    windowMs: 60_000,
    clock: () => options.clock().getTime(),
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('authSession', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    if (!KNOWN_ACCESS.has(access)) throw new Error(`Route ${route.url} has unknown access "${access}"`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    const access = config.access;
    if (access === undefined) return;

    if (config.rateLimited) {
      const hit = limiter.hit(`${request.routeOptions.url}|${request.ip}`);
      if (!hit.allowed) {
        reply.header('retry-after', String(hit.retryAfterSeconds));
        throw new AppError('request.rate_limited', { retryAfterSeconds: hit.retryAfterSeconds });
      }
    }

    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    let expired = false;
    if (isWellFormedToken(token)) {
      const hash = sessionTokenHash(token);
      const record = await sessions.find(hash);
      const now = options.clock();
      if (record) {
        const { idleExpiresAt, absoluteExpiresAt } = sessionExpiry(record);
        if (record.disabled || now >= idleExpiresAt || now >= absoluteExpiresAt) {
          await sessions.remove(options.db, hash);
          expired = true;
        } else {
          if (now.getTime() - record.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
            await sessions.touch(hash, now);
            record.last_seen_at = now;
          }
          request.authSession = record;
          request.actor = actorOf(record, request.ip);
        }
      } else {
        expired = true;
      }
    }

    if (access === 'public') {
      if (expired) setSessionCookie(request, reply, null);
      return;
    }
    const session = request.authSession;
    if (!session) {
      if (expired) setSessionCookie(request, reply, null);
      throw new AppError(expired ? 'auth.session_expired' : 'auth.required');
    }
    // SameSite=Strict keeps other sites' forms from sending the cookie at all; the header token
    // also stops a same-site page (or an older browser) that could.
    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrf_token)) {
        throw new AppError('auth.csrf_invalid');
      }
    }
    if (!stagesFor(access).includes(session.stage)) throw new AppError('auth.mfa_required');
    if ((ACTIONS as readonly string[]).includes(access)) authorize(request.actor!, access as Action);
  });
}

/** The actor of a route that declared a non-public access; the hook has already checked it. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.required');
  return request.actor;
}
