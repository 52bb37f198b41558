/**
 * Partnerships: their procedure, local areas, closure days (which every working-day limit skips)
 * and their own rules for when each way of sending counts as received (ADR 0016).
 */
import type { Kysely } from 'kysely';
import {
  DEFAULT_DEEMED_RECEIPT,
  DELIVERY_METHODS,
  isoDate,
  receiptRuleIssues,
  type ClosureDay,
  type DeemedReceiptRules,
  type DeliveryMethod,
  type IsoDate,
  type ReceiptRule,
} from '../core/calendar/index.js';
import type { Schema } from '../store/database.js';
import { ServiceError, notFound } from './errors.js';

/** One method's rule as the partnership has it, and whether it is the product's default. */
export interface PartnershipReceiptRule extends ReceiptRule {
  readonly method: DeliveryMethod;
  readonly isDefault: boolean;
}

const isMethod = (method: string): method is DeliveryMethod => (DELIVERY_METHODS as readonly string[]).includes(method);

export class Partnerships {
  constructor(private readonly db: Kysely<Schema>) {}

  async get(id: string) {
    const row = await this.db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('partnership');
    const [areas, closures] = await Promise.all([
      this.db.selectFrom('local_areas').select(['id', 'name']).where('partnership_id', '=', id).orderBy('id').execute(),
      this.closureDays(id),
    ]);
    return { id: row.id, name: row.name, procedureId: row.procedure_id, localAreas: areas, closureDays: closures };
  }

  /** The partnership's name alone: what every page's header shows. */
  async nameOf(id: string): Promise<string> {
    const row = await this.db.selectFrom('partnerships').select('name').where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('partnership');
    return row.name;
  }

  async closureDays(partnershipId: string): Promise<ClosureDay[]> {
    const rows = await this.db
      .selectFrom('closure_days')
      .select(['date', 'reason'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('date')
      .execute();
    return rows.map((r) => ({ date: isoDate(r.date), reason: r.reason }));
  }

  /** Adds (or renames) a closure day; every instance's calendar for the partnership is rebuilt. */
  async addClosureDay(partnershipId: string, day: ClosureDay): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('closure_days')
        .values({ partnership_id: partnershipId, date: day.date, reason: day.reason })
        .onConflict((oc) => oc.columns(['partnership_id', 'date']).doUpdateSet({ reason: day.reason }))
        .execute();
      await trx
        .updateTable('partnerships')
        .set((eb) => ({ calendar_version: eb('calendar_version', '+', 1) }))
        .where('id', '=', partnershipId)
        .execute();
    });
  }

  /**
   * Removes a closure day: working-day limits count it again, so every instance's calendar for the
   * partnership is rebuilt, as when one is added. Not found if the partnership has no such day.
   */
  async removeClosureDay(partnershipId: string, date: IsoDate): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('closure_days')
        .where('partnership_id', '=', partnershipId)
        .where('date', '=', date)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw notFound('closure day');
      await trx
        .updateTable('partnerships')
        .set((eb) => ({ calendar_version: eb('calendar_version', '+', 1) }))
        .where('id', '=', partnershipId)
        .execute();
    });
  }

  /** The partnership's receipt rules: its own where it set one, the product's default otherwise. */
  async receiptRules(partnershipId: string): Promise<DeemedReceiptRules> {
    const rows = await this.db
      .selectFrom('receipt_rules')
      .select(['method', 'working_days', 'source'])
      .where('partnership_id', '=', partnershipId)
      .execute();
    const rules: Record<DeliveryMethod, ReceiptRule> = { ...DEFAULT_DEEMED_RECEIPT };
    for (const row of rows) if (isMethod(row.method)) rules[row.method] = { workingDays: row.working_days, source: row.source };
    return rules;
  }

  async receiptRuleList(partnershipId: string): Promise<PartnershipReceiptRule[]> {
    const rules = await this.receiptRules(partnershipId);
    return DELIVERY_METHODS.map((method) => ({ method, ...rules[method], isDefault: rules[method] === DEFAULT_DEEMED_RECEIPT[method] }));
  }

  /**
   * Replaces the partnership's own receipt rules: methods not given go back to the default.
   * Checked whole before anything is saved; every instance's engines are rebuilt, as for a
   * closure day, so deadlines from the next request use the new rules.
   */
  async setReceiptRules(partnershipId: string, own: Partial<Readonly<Record<DeliveryMethod, ReceiptRule | undefined>>>): Promise<void> {
    const merged: Record<DeliveryMethod, ReceiptRule> = { ...DEFAULT_DEEMED_RECEIPT };
    for (const method of DELIVERY_METHODS) merged[method] = own[method] ?? merged[method];
    const issues = receiptRuleIssues(merged);
    if (issues.length > 0) {
      throw new ServiceError('invalid', 'The receipt rules are not valid', {
        issues: issues.map((i) => ({ name: `body.${i.method}.${i.field}`, reason: i.reason })),
      });
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('receipt_rules').where('partnership_id', '=', partnershipId).execute();
      const rows = DELIVERY_METHODS.flatMap((method) => {
        const rule = own[method];
        return rule === undefined ? [] : [{ partnership_id: partnershipId, method, working_days: rule.workingDays, source: rule.source }];
      });
      if (rows.length > 0) await trx.insertInto('receipt_rules').values(rows).execute();
      await trx
        .updateTable('partnerships')
        .set((eb) => ({ calendar_version: eb('calendar_version', '+', 1) }))
        .where('id', '=', partnershipId)
        .execute();
    });
  }
}
