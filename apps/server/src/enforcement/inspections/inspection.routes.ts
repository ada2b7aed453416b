import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AnswerInspectionChecklist,
  CompleteInspection,
  IdParams,
  Inspection,
  InspectionChecklist,
  InspectionEvidenceParams,
  InspectionList,
  InspectionListQuery,
  InspectionPartnerQuery,
  InspectionPartners,
  Problem,
  RecordFinding,
  StartInspection,
} from '@safegrid/contracts';
import { sendStoredFile } from '../../platform/files/send-stored-file';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import { readEvidenceUpload } from '../../platform/files/evidence-upload-reader';
import { createInspectionRepository } from './inspection.repository';
import { createInspectionService } from './inspection.service';
import { createChecklistLibrary } from '../../platform/checklists/checklist-library';

const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  413: Problem,
  415: Problem,
  422: Problem,
};

/** RFC 6266: an ASCII fallback name and the original name as UTF-8. */
export async function inspectionRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; catalogue: RegulationCatalogue; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createInspectionService({
    db: opts.db,
    inspections: createInspectionRepository(opts.db),
    catalogue: opts.catalogue,
    checklists: createChecklistLibrary(opts.catalogue),
    clock: opts.clock,
  });
  const tags = ['enforcement'];
  const base = '/enforcement/inspections';

  app.post(
    base,
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Start an on-site inspection of an enterprise with a partner officer',
        body: StartInspection,
        response: { 201: Inspection, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.start(requireActor(request), request.body)),
  );

  // Before /:id, so that "partners" is never read as an id.
  app.get(
    `${base}/partners`,
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'The enforcement officers who may accompany the caller at this enterprise',
        querystring: InspectionPartnerQuery,
        response: { 200: InspectionPartners, ...errors },
      },
    },
    (request) => service.partners(requireActor(request), request.query.enterpriseId),
  );

  app.get(
    base,
    {
      config: { access: 'inspection.read' },
      schema: {
        tags,
        summary: 'Inspections in scope, newest first',
        querystring: InspectionListQuery,
        response: { 200: InspectionList, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    `${base}/:id`,
    {
      config: { access: 'inspection.read' },
      schema: {
        tags,
        summary: 'An inspection with its findings and evidence; the evidence chain re-verified',
        params: IdParams,
        response: { 200: Inspection, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    `${base}/:id/findings`,
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Record a finding with the provisions it breaches (one of the two officers)',
        params: IdParams,
        body: RecordFinding,
        response: { 200: Inspection, ...errors },
      },
    },
    (request) => service.recordFinding(requireActor(request), request.params.id, request.body),
  );

  app.get(
    `${base}/:id/checklist`,
    {
      config: { access: 'inspection.read' },
      schema: {
        tags,
        summary:
          "The enterprise's checklist (category template + applicable 令第10号 items) with the answers so far",
        params: IdParams,
        response: { 200: InspectionChecklist, ...errors },
      },
    },
    (request) => service.checklist(requireActor(request), request.params.id),
  );

  app.put(
    `${base}/:id/checklist`,
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Answer checklist items: pass, fail or not applicable (one of the two officers)',
        params: IdParams,
        body: AnswerInspectionChecklist,
        response: { 200: InspectionChecklist, ...errors },
      },
    },
    (request) => service.answerChecklist(requireActor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/evidence`,
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary:
          'Add an evidence file (multipart: file, capturedAt, optional findingSeq); stored with its SHA-256 and chained',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Inspection, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readEvidenceUpload(request);
      return reply.status(201).send(await service.addEvidence(actor, request.params.id, upload));
    },
  );

  app.get(
    `${base}/:id/evidence/:seq`,
    {
      config: { access: 'inspection.read' },
      schema: {
        tags,
        summary: 'The bytes of an evidence file, as received',
        params: InspectionEvidenceParams,
        produces: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
      },
    },
    async (request, reply) => {
      const { id, seq } = request.params;
      const file = await service.evidenceFile(requireActor(request), id, seq);
      return sendStoredFile(reply, file, { name: `evidence-${id}-${seq}`, originalName: file.fileName });
    },
  );

  app.post(
    `${base}/:id/complete`,
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Complete the inspection (at least one finding)',
        params: IdParams,
        body: CompleteInspection,
        response: { 200: Inspection, ...errors },
      },
    },
    (request) => service.complete(requireActor(request), request.params.id, request.body),
  );
}
