import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import {
  CaseApprovalInbox,
  CloseEnforcementCase,
  DiscretionRules,
  EnforcementCase,
  EnforcementCaseList,
  EnforcementCaseListQuery,
  EnforcementCaseParams,
  FineSuggestionRequest,
  FineSuggestions,
  IssuePenaltyNotice,
  OpenEnforcementCase,
  Problem,
  RecordCaseHearing,
  RecordCasePayment,
  RecordCaseService,
  RecordCaseStatement,
  RecordReinspection,
  ReviewCaseApproval,
  StartCaseEnforcement,
  SubmitCaseDecision,
  SubmitCaseFiling,
} from '@safegrid/contracts';
import type { Action } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import type { Actor } from '../../platform/auth/actor';
import { requireActor } from '../../platform/auth/authenticate';
import { cjkFontProvider, type CjkFont } from '../documents/cjk-font';
import type { DocumentLayout } from '../documents/document-layout';
import type { RenderFont } from '../documents/render-official-document';
import type { RegulationLibrary } from '../regulations/regulation-library';
import { createHolidayCalendarRepository } from '../calendar/holiday-calendar.repository';
import type { CaseDeps } from './case-context';
import { createCaseRepository } from './case.repository';
import { createCaseReads } from './case.service';
import { openCase } from './open-case';
import * as steps from './case-steps';

const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  503: Problem,
};

export interface CaseRouteOptions {
  db: Kysely<DB>;
  library: RegulationLibrary;
  clock: () => Date;
  font?: () => CjkFont;
  /** Tests only: a failing renderer proves that a transition is all-or-nothing. */
  render?: (layout: DocumentLayout, font: RenderFont) => Promise<Buffer>;
  publicBaseUrl?: string;
}

export async function caseRoutes(fastify: FastifyInstance, opts: CaseRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const base = {
    db: opts.db,
    cases: createCaseRepository(opts.db),
    calendar: createHolidayCalendarRepository(opts.db),
    library: opts.library,
    clock: opts.clock,
    font: opts.font ?? cjkFontProvider(),
    render: opts.render,
    publicBaseUrl: opts.publicBaseUrl,
  };
  const reads = createCaseReads(base);
  const deps: CaseDeps = { ...base, read: reads.read };
  const tags = ['enforcement'];
  const path = '/enforcement/cases';

  app.post(
    path,
    {
      config: { access: 'case.handle' },
      schema: {
        tags,
        summary:
          'Open a case from a completed inspection; issues the 责令限期整改指令书 in the same transaction',
        body: OpenEnforcementCase,
        response: { 201: EnforcementCase, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await openCase(deps, requireActor(request), request.body)),
  );

  app.get(
    path,
    {
      config: { access: 'case.read' },
      schema: {
        tags,
        summary: 'Cases in the caller’s jurisdiction, newest first',
        querystring: EnforcementCaseListQuery,
        response: { 200: EnforcementCaseList, ...errors },
      },
    },
    (request) => reads.list(requireActor(request), request.query),
  );

  app.get(
    '/enforcement/approvals',
    {
      config: { access: 'case.approve' },
      schema: {
        tags,
        summary: 'Filing and decision reviews the caller may decide now (审核 / 负责人)',
        response: { 200: CaseApprovalInbox, ...errors },
      },
    },
    (request) => reads.inbox(requireActor(request)),
  );

  app.get(
    '/enforcement/discretion-rules',
    {
      config: { access: 'case.read' },
      schema: {
        tags,
        summary: 'The platform’s discretion rules for fine suggestions (NOT an official 裁量基准)',
        response: { 200: DiscretionRules, ...errors },
      },
    },
    (request) => reads.rules(requireActor(request)),
  );

  app.get(
    `${path}/:id`,
    {
      config: { access: 'case.read' },
      schema: {
        tags,
        summary: 'A case with its violations, deadlines, documents, approvals and timeline',
        params: EnforcementCaseParams,
        response: { 200: EnforcementCase, ...errors },
      },
    },
    (request) => reads.get(requireActor(request), request.params.id),
  );

  app.post(
    `${path}/:id/fine-suggestions`,
    {
      config: { access: 'case.read' },
      schema: {
        tags,
        summary: 'Suggested fines within the legal range for the circumstances given (no write)',
        params: EnforcementCaseParams,
        body: FineSuggestionRequest,
        response: { 200: FineSuggestions, ...errors },
      },
    },
    (request) => reads.suggest(requireActor(request), request.params.id, request.body),
  );

  const action = <B extends TSchema>(
    segment: string,
    access: Action,
    summary: string,
    body: B,
    run: (deps: CaseDeps, actor: Actor, id: string, body: never) => Promise<unknown>,
  ) =>
    app.post(
      `${path}/:id/${segment}`,
      {
        config: { access },
        schema: {
          tags,
          summary,
          params: EnforcementCaseParams,
          body,
          response: { 200: EnforcementCase, ...errors },
        },
      },
      (request) =>
        run(
          deps,
          requireActor(request),
          request.params.id,
          request.body as never,
        ) as Promise<EnforcementCase>,
    );

  action(
    'reinspection',
    'case.handle',
    'Record the re-inspection (整改复查意见书)',
    RecordReinspection,
    steps.recordReinspection,
  );
  action('filing', 'case.handle', 'Submit 立案 for approval', SubmitCaseFiling, steps.submitFiling);
  action(
    'review',
    'case.approve',
    'Review a filing or decision: approve, return or refuse',
    ReviewCaseApproval,
    steps.reviewApproval,
  );
  action(
    'penalty-notice',
    'case.handle',
    'Issue the 行政处罚告知书 with the proposed fines',
    IssuePenaltyNotice,
    steps.issuePenaltyNotice,
  );
  action(
    'statement',
    'case.handle',
    'Record a 陈述申辩, hearing request or waiver',
    RecordCaseStatement,
    steps.recordStatement,
  );
  action(
    'hearing',
    'case.handle',
    'Record that the hearing was held',
    RecordCaseHearing,
    steps.recordHearing,
  );
  action(
    'decision',
    'case.handle',
    'Submit the penalty decision for approval',
    SubmitCaseDecision,
    steps.submitDecision,
  );
  action(
    'service',
    'case.handle',
    'Record the service of the 决定书 (文书送达回执)',
    RecordCaseService,
    steps.recordService,
  );
  action('payment', 'case.handle', 'Record the payment of the fine', RecordCasePayment, steps.recordPayment);
  action(
    'enforcement',
    'case.handle',
    'Start enforcement after the payment deadline passed',
    StartCaseEnforcement,
    steps.startEnforcement,
  );
  action('close', 'case.handle', 'Close a paid case (结案)', CloseEnforcementCase, steps.closeCase);
}
