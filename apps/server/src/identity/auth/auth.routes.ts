import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  MfaCodeInput,
  MfaConfirmed,
  MfaEnrolment,
  PasswordChangeInput,
  Problem,
  SessionInfo,
  SignInInput,
} from '@safegrid/contracts';
import { AppError } from '../../errors';
import { requireActor, setSessionCookie } from '../../platform/auth/authenticate';
import type { SessionRecord } from '../../platform/auth/session.repository';
import type { AuthDeps, ClientInfo } from './auth-deps';
import { presentSession } from './session-info';
import { signIn } from './sign-in';
import { confirmMfaEnrolment, startMfaEnrolment, verifySecondFactor } from './second-factor';
import { changePassword, signOut, signOutEverywhere } from './account';

const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  409: Problem,
  422: Problem,
  423: Problem,
  429: Problem,
};

function client(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : null };
}

function currentSession(request: FastifyRequest): SessionRecord {
  if (!request.authSession) throw new AppError('auth.required');
  return request.authSession;
}

export async function authRoutes(fastify: FastifyInstance, deps: AuthDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    record: SessionRecord,
  ) => {
    setSessionCookie(request, reply, token);
    return reply.send(await presentSession(deps, record));
  };

  app.post(
    '/auth/sign-in',
    {
      config: { access: 'public', rateLimited: true },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with username and password; the session may still owe a second factor',
        body: SignInInput,
        response: { 200: SessionInfo, ...errors },
      },
    },
    async (request, reply) => {
      const { token, record } = await signIn(deps, { ...request.body, client: client(request) });
      return answer(request, reply, token, record);
    },
  );

  app.get(
    '/auth/session',
    {
      // Any stage may ask who it is: the web app routes a half-signed-in user to the 2FA step.
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'The current session',
        response: { 200: SessionInfo, 401: Problem },
      },
    },
    async (request) => {
      if (!request.authSession) throw new AppError('auth.required');
      return presentSession(deps, request.authSession);
    },
  );

  app.post(
    '/auth/mfa/verify',
    {
      config: { access: 'mfa_challenge', rateLimited: true },
      schema: {
        tags: ['identity'],
        summary: 'Second factor: a TOTP code or a recovery code',
        body: MfaCodeInput,
        response: { 200: SessionInfo, ...errors },
      },
    },
    async (request, reply) => {
      const { token, record } = await verifySecondFactor(deps, {
        actor: requireActor(request),
        session: currentSession(request),
        code: request.body.code,
      });
      return answer(request, reply, token, record);
    },
  );

  app.post(
    '/auth/mfa/enrolment',
    {
      config: { access: 'mfa_enrolment', rateLimited: true },
      schema: {
        tags: ['identity'],
        summary: 'Start TOTP enrolment: a new secret, its otpauth URI and QR code',
        response: { 200: MfaEnrolment, ...errors },
      },
    },
    (request) => startMfaEnrolment(deps, { actor: requireActor(request) }),
  );

  app.post(
    '/auth/mfa/enrolment/confirm',
    {
      config: { access: 'mfa_enrolment', rateLimited: true },
      schema: {
        tags: ['identity'],
        summary: 'Confirm TOTP enrolment with a code; returns the recovery codes once',
        body: MfaCodeInput,
        response: { 200: MfaConfirmed, ...errors },
      },
    },
    async (request, reply) => {
      const result = await confirmMfaEnrolment(deps, {
        actor: requireActor(request),
        session: currentSession(request),
        code: request.body.code,
      });
      setSessionCookie(request, reply, result.token);
      return reply.send({
        session: await presentSession(deps, result.record),
        recoveryCodes: result.recoveryCodes,
      });
    },
  );

  app.post(
    '/auth/sign-out',
    {
      // A half-signed-in session may give up too.
      config: { access: 'any_session' },
      schema: { tags: ['identity'], summary: 'End this session', response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await signOut(deps, { actor: requireActor(request), session: currentSession(request) });
      setSessionCookie(request, reply, null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { access: 'session' },
      schema: {
        tags: ['identity'],
        summary: 'End every session of this user',
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await signOutEverywhere(deps, { actor: requireActor(request) });
      setSessionCookie(request, reply, null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'session', rateLimited: true },
      schema: {
        tags: ['identity'],
        summary: 'Change my password (ends my other sessions)',
        body: PasswordChangeInput,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await changePassword(deps, {
        actor: requireActor(request),
        session: currentSession(request),
        ...request.body,
      });
      return reply.status(204).send(null);
    },
  );
}
