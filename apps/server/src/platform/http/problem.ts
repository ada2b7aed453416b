import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../errors';
import { ERROR_MESSAGES, formatMessage, pickLocale } from '../i18n/messages';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** RFC 9457 body. `code` is the stable key; `detail` is a convenience in the caller's language. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  params?: Record<string, string | number>;
  errors?: FieldProblem[];
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const locale = pickLocale(request.headers['accept-language']);
  const params = { ...error.params, requestId: request.id };
  const body: ProblemBody = {
    type: `https://safegrid.invalid/problems/${error.code}`,
    title: ERROR_MESSAGES[error.code].en,
    status: error.status,
    code: error.code,
    detail: formatMessage(ERROR_MESSAGES[error.code][locale], params),
    instance: request.url,
    requestId: request.id,
    ...(Object.keys(error.params).length > 0 ? { params: error.params } : {}),
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
  };
  return reply.status(error.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fromFramework(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const fields: FieldProblem[] = (error.validation as ValidationIssue[]).map((issue) => ({
      pointer: `/${part}${issue.instancePath ?? ''}`,
      code: `schema.${issue.keyword ?? 'invalid'}`,
      ...(issue.message ? { params: { message: issue.message } } : {}),
    }));
    return new AppError('request.invalid', {}, fields);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('request.body_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('request.unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('request.invalid', {}, [{ pointer: '/body', code: 'body.malformed' }]);
  }
  if (error instanceof SyntaxError) {
    return new AppError('request.invalid', {}, [{ pointer: '/body', code: 'body.malformed' }]);
  }
  return undefined;
}

/** Every failure leaves as problem+json; unexpected ones are logged with the request id, never echoed. */
export function registerProblemHandling(app: FastifyInstance, options: { appShell: boolean }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFramework(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(request, reply, known);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(request, reply, new AppError('internal.unexpected'));
  });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (/enterprises/123) get the web app's shell; API paths stay problems.
    if (options.appShell && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.sendFile('index.html');
    }
    return sendProblem(request, reply, new AppError('route.not_found'));
  });
}
