/** What the panel, document pack and outcome routes answer with (ADR 0026). */
import { z } from 'zod';
import { agencyKind } from '../core/procedures/schema.js';
import { DOCUMENT_TYPES } from '../service/documents.js';
import { recordFor } from './responses.js';

const instant = z.string().meta({ description: 'An instant, ISO 8601 in UTC', example: '2026-12-15T10:00:00.000Z' });
const count = z.int().min(0);
const problem = z.object({
  message: z.string(),
  clause: z.string(),
  personId: z.string().optional().meta({ description: 'The member the problem is about, where it is about one' }),
});
const recommendation = z.object({ agency: agencyKind, text: z.string() });
const memberRole = z.enum(['chair', 'member', 'co-opted-adviser']);

export const panelView = z
  .object({
    caseId: z.string(),
    version: count,
    status: z.enum(['open', 'closed']),
    stage: z.object({ id: z.string(), name: z.string() }),
    conferenceChairId: z.string(),
    mayRecordDeclarations: z.boolean().meta({ description: "Whether you may record declarations for the panel's members" }),
    hearing: z
      .array(
        z.object({
          action: z.string(),
          label: z.string(),
          kind: z.enum(['meeting', 'record']),
          clause: z.string(),
          done: z.boolean(),
          minutedBy: z.array(z.object({ role: z.string(), title: z.string() })),
          allowed: z.boolean(),
          reason: z.string().optional(),
          recordFor,
        }),
      )
      .meta({ description: "The steps of the panel's stage before its decision: papers, interviews, the hearing" }),
    decide: z
      .object({
        action: z.string(),
        label: z.string(),
        clause: z.string(),
        done: z.boolean(),
        allowed: z.boolean(),
        reason: z.string().optional(),
        recordFor,
        multiple: z.boolean(),
        findings: z.array(z.enum(['procedures-followed', 'decision-reasonable'])),
        options: z.array(z.object({ id: z.string(), label: z.string(), clause: z.string(), needsFurtherPanelDate: z.boolean() })),
        majority: z.boolean().meta({ description: 'The panel decides by majority: the votes are recorded' }),
      })
      .nullable(),
    rule: z
      .object({
        id: z.string(),
        name: z.string(),
        clause: z.string(),
        minMembers: z.object({ count: count, clause: z.string(), includesChair: z.boolean() }),
        chair: z.object({ requirement: z.string(), clause: z.string() }),
        decisionBy: z.object({ rule: z.enum(['consensus', 'majority']), clause: z.string() }),
        coOptedAdvisersAllowed: z.boolean(),
        documentPack: z.array(z.object({ index: count, item: z.string(), clause: z.string() })),
        packPreparedBy: z.object({ role: z.string(), title: z.string() }),
      })
      .nullable(),
    convene: z
      .object({
        action: z.string(),
        label: z.string(),
        allowed: z.boolean().meta({ description: 'Whether you may convene the panel now' }),
        clause: z.string(),
        reason: z.string().optional().meta({ description: 'Why not, where you may not' }),
        recordFor,
      })
      .nullable(),
    convened: z
      .object({
        number: z.int().min(1).meta({ description: '1 for the first panel convened on the case, and so on' }),
        action: z.string(),
        at: instant,
        members: z.array(
          z.object({
            personId: z.string(),
            name: z.string(),
            agency: agencyKind,
            role: memberRole,
            declaration: z.enum(['declared', 'declined', 'outstanding']),
            declaredAt: instant.optional(),
            declaredBy: z.string().optional(),
            reason: z.string().optional(),
          }),
        ),
        outstanding: z.array(z.string()).meta({ description: 'The members who have not yet declared' }),
        problems: z.array(problem).meta({ description: 'Members who declined, under the clause that keeps them off the panel' }),
      })
      .nullable(),
    decisions: z.array(
      z.object({
        action: z.string(),
        label: z.string(),
        at: instant,
        options: z.array(z.object({ id: z.string(), label: z.string() })),
        findings: z.object({ proceduresFollowed: z.boolean().optional(), decisionReasonable: z.boolean().optional() }),
        reasons: z.string(),
        votes: z.object({ for: count, against: count }).nullable(),
        furtherPanelDate: z.string().nullable(),
        learningPoints: z.array(z.string()),
        recommendations: z.array(recommendation),
      }),
    ),
  })
  .meta({ id: 'CasePanel' });

export const panelCheckResult = z
  .object({
    action: z.string(),
    valid: z.boolean(),
    members: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        agency: agencyKind,
        role: memberRole,
        senior: z.boolean(),
        partnershipAgency: z.boolean(),
        lineManagement: z.boolean().meta({ description: 'Present or previous line management of the case, declared or in the directory' }),
      }),
    ),
    problems: z.array(problem),
  })
  .meta({ id: 'PanelCheckResult' });

export const outcomesView = z
  .object({
    caseId: z.string(),
    version: count,
    status: z.enum(['open', 'closed']),
    stage: z.object({ id: z.string(), name: z.string() }),
    conferenceChairId: z.string(),
    requirements: z.array(
      z.object({
        decision: z.object({ action: z.string(), at: instant }),
        option: z.object({
          id: z.string(),
          label: z.string(),
          clause: z.string(),
          chair: z.enum(['different', 'same-or-different']).nullable(),
        }),
        status: z
          .enum(['open', 'done', 'recorded'])
          .meta({ description: 'recorded: the outcome opens no step; it stands in the decision' }),
        stages: z.array(z.string()),
        steps: z.array(
          z.object({
            action: z.string(),
            label: z.string(),
            kind: z.enum(['record', 'meeting', 'letter', 'request', 'panel', 'decision', 'choice']),
            clause: z.string(),
            by: z.string(),
            status: z.enum(['open', 'done']),
            doneAt: instant.nullable(),
            doneBy: z.string().nullable(),
            chairMustDiffer: z.string().nullable().meta({ description: "The clause requiring a chair other than the conference's" }),
            briefingRequired: z.string().nullable().meta({ description: 'The clause requiring those present to be briefed' }),
            chairId: z.string().nullable(),
            briefed: z.boolean().nullable(),
            choices: z.array(z.object({ id: z.string(), label: z.string(), clause: z.string() })),
            available: z.boolean().meta({ description: 'Whether you may record this step now' }),
            reason: z.string().optional(),
            recordFor,
            recordedBy: z.string().optional().meta({ description: 'Who recorded the step, where they recorded it for doneBy (ADR 0030)' }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'CaseOutcomes' });

export const packChecklist = z
  .object({
    caseId: z.string(),
    panel: z.object({ id: z.string(), name: z.string(), clause: z.string() }),
    preparedBy: z.object({ role: z.string(), title: z.string() }),
    mayPrepare: z.boolean(),
    complete: z.boolean(),
    missing: z.array(count),
    items: z.array(
      z.object({
        index: count,
        item: z.string(),
        clause: z.string(),
        status: z.enum(['provided', 'missing']),
        documents: z.array(
          z.object({ id: z.string(), filename: z.string(), type: z.enum(DOCUMENT_TYPES), linkedAt: instant, linkedBy: z.string() }),
        ),
      }),
    ),
    documents: z.array(
      z.object({
        id: z.string(),
        type: z.enum(DOCUMENT_TYPES),
        filename: z.string(),
        mediaType: z.string(),
        sizeBytes: count,
        uploadedAt: instant,
      }),
    ),
  })
  .meta({ id: 'DocumentPack' });

export const recommendationsReport = z
  .array(
    z.object({
      caseId: z.string(),
      procedure: z.string(),
      decision: z.string().meta({ description: "The decision's action, in the procedure's words" }),
      decidedAt: instant,
      learningPoints: z.array(z.string()).meta({ description: 'Empty when the report is for one agency' }),
      recommendations: z.array(recommendation),
    }),
  )
  .meta({ id: 'RecommendationsReport' });
