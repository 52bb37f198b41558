/**
 * Each partnership's staff and people as this instance keeps them, exact by the partnership's
 * directory version (ADR 0049).
 *
 * Reading a case needs the partnership's staff (who else could take a step refused to the reader)
 * and the case page needs the names of everyone its record mentions. Both were read afresh for
 * every request; neither changes between an administrator's edits. The database raises the
 * partnership's directory version whenever a person or a staff account is added, changed or
 * removed (migration 0020's triggers), and every case read already reads the partnership's row,
 * so the version comes at no extra cost: a copy kept for that version, or a newer one, is used;
 * otherwise the directory is read again.
 *
 * A copy is labelled with the version the request read before reading the directory, so it is at
 * least as new as its label: a request never sees names older than the version it read. Copies
 * are kept in this process only, for a bounded number of partnerships.
 */
import { keepBounded } from '../core/bounded.js';
import type { People } from './people.js';
import type { StaffAccounts } from './staffAccounts.js';

type StaffList = Awaited<ReturnType<StaffAccounts['list']>>;

/** A partnership's directory as of (at least) a version. */
export interface DirectoryCopy {
  readonly version: number;
  /** Every staff account, disabled ones included, by name (as `StaffAccounts.list`). */
  readonly staff: StaffList;
  /** Everyone's name by id: people, and staff over a person with the same id (as `People.directory`). */
  readonly names: ReadonlyMap<string, string>;
}

/** How many partnerships' directories are kept; the least recently used goes first. */
export const KEPT_PARTNERSHIPS = 64;

/** A partnership's directory being read, and once read, the copy itself (so that a kept copy is given without waiting on a promise). */
interface Held {
  readonly reading: Promise<DirectoryCopy>;
  copy?: DirectoryCopy;
}

export class KeptDirectories {
  private readonly kept = new Map<string, Held>();

  constructor(private readonly records: { readonly staff: StaffAccounts; readonly people: People }) {}

  /** The partnership's directory as of `version` or later. */
  async at(partnershipId: string, version: number): Promise<DirectoryCopy> {
    const held = this.kept.get(partnershipId);
    if (held !== undefined) {
      const copy = held.copy ?? (await held.reading.catch(() => undefined));
      if (copy !== undefined && copy.version >= version) {
        keepBounded(this.kept, partnershipId, held, KEPT_PARTNERSHIPS);
        return copy;
      }
    }
    // Requests arriving meanwhile share this read; a failed read is not kept (the next request reads again).
    const reading: Held = { reading: this.read(partnershipId, version) };
    keepBounded(this.kept, partnershipId, reading, KEPT_PARTNERSHIPS);
    reading.reading.then(
      (copy) => {
        reading.copy = copy;
      },
      () => {
        if (this.kept.get(partnershipId) === reading) this.kept.delete(partnershipId);
      },
    );
    return reading.reading;
  }

  private async read(partnershipId: string, version: number): Promise<DirectoryCopy> {
    const [staff, people] = await Promise.all([this.records.staff.list(partnershipId), this.records.people.list(partnershipId)]);
    const names = new Map<string, string>();
    for (const person of people) names.set(person.id, person.name);
    for (const member of staff) names.set(member.id, member.name);
    return { version, staff, names };
  }
}
