import { DeadlineNotReached, ProposalClosingService } from '../../src/proposals/proposal-closing.service.js';
import { G7, eventually, inSeconds, openProposal, replyTo } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface ClosedEvent {
  entity_id: string;
  actor_id: string | null;
  actor_role: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

describe('proposals: closing at the deadline', () => {
  /** This process runs the proposal worker (polling every second). */
  let test: TestApp;
  let secretariat: TestUser;
  let fr: TestUser;
  let de: TestUser;

  beforeAll(async () => {
    test = await startTestApp({ PROPOSAL_WORKER_ENABLED: 'true' });
    [secretariat, fr, de] = await Promise.all([
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE', { language: 'fr' }),
    ]);
  });
  afterAll(() => test.close());

  const closedEvents = (id: string): Promise<ClosedEvent[]> =>
    test.dataSource.query(`SELECT * FROM audit_event WHERE action = 'proposal.closed' AND entity_id = $1`, [id]);
  const mailAbout = (id: string, template: string) =>
    test.dataSource.query(
      `SELECT recipient_email, language, subject FROM outbox_message WHERE template = $1 AND dedupe_key LIKE $2
       ORDER BY recipient_email`,
      [template, `%:${id}:%`],
    ) as Promise<{ recipient_email: string; language: string; subject: string }[]>;
  const statusOf = async (id: string) =>
    (await test.http.get(`/api/v1/proposals/${id}`).set(bearer(secretariat)).expect(200)).body;

  it('closes by itself within seconds of the deadline, as the system, and mails the result', async () => {
    const proposal = await openProposal(test, secretariat, { decisionRule: 'silence', deadline: inSeconds(3) });
    await replyTo(test, fr, proposal.id, { position: 'support' }).expect(201);
    const closed = await eventually(async () => {
      const body = await statusOf(proposal.id);
      return body.status === 'closed' && body;
    });
    expect(closed).toEqual(
      expect.objectContaining({
        outcome: 'adopted', // silence: nobody objected
        closedBy: null,
        signatories: ['FR'],
        tally: expect.objectContaining({ support: 1, notReplied: G7.filter((code) => code !== 'FR') }),
      }),
    );
    const lag = new Date(closed.closedAt).getTime() - new Date(proposal.deadline as string).getTime();
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(10_000);
    const [event] = await closedEvents(proposal.id);
    expect(event).toEqual(expect.objectContaining({ actor_id: null, actor_role: 'system' }));
    expect(event.changes.outcome).toEqual({ from: null, to: 'adopted' });
    const mails = await mailAbout(proposal.id, 'proposal.closed');
    expect(mails.map((mail) => mail.recipient_email).sort()).toEqual([de.email, fr.email].sort());
    expect(mails.find((mail) => mail.recipient_email === fr.email)!.subject).toBe(
      `Proposal ${proposal.reference} adopted`,
    );
    expect(mails.find((mail) => mail.recipient_email === de.email)!.subject).toBe(
      `Proposition ${proposal.reference} adoptée`,
    );
    // Too late to reply now.
    await replyTo(test, de, proposal.id, { position: 'object', comment: 'Late.' }).expect(409);
  });

  it('closes exactly once with two processes running the worker, even racing the sweep', async () => {
    const second = await startTestApp({ PROPOSAL_WORKER_ENABLED: 'true' }, { url: test.databaseUrl });
    try {
      const proposals = await Promise.all(
        [3, 3, 4].map((seconds) => openProposal(test, secretariat, { deadline: inSeconds(seconds) })),
      );
      await replyTo(test, de, proposals[0].id, { position: 'object', comment: 'Not in this form.' }).expect(201);
      // Both processes also sweep, again and again, around the deadlines.
      const sweeps = [test, second].map((app) => app.app.get(ProposalClosingService));
      const racing = (async () => {
        const until = Date.now() + 6000;
        while (Date.now() < until) {
          await Promise.all(sweeps.map((sweeper) => sweeper.sweep()));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      for (const proposal of proposals) {
        await eventually(async () => (await statusOf(proposal.id)).status === 'closed');
      }
      await racing;
      await new Promise((resolve) => setTimeout(resolve, 2000)); // let any straggling job run
      for (const proposal of proposals) {
        expect(await closedEvents(proposal.id)).toHaveLength(1);
        const mails = await mailAbout(proposal.id, 'proposal.closed');
        expect(mails.map((mail) => mail.recipient_email).sort()).toEqual([de.email, fr.email].sort());
      }
      expect((await statusOf(proposals[0].id)).outcome).toBe('not_adopted');
    } finally {
      await second.close();
    }
  });

  it('closes proposals that share a deadline together, not one deadline job at a time', async () => {
    const deadline = inSeconds(6);
    const proposals = await Promise.all(
      Array.from({ length: 12 }, () => openProposal(test, secretariat, { deadline })),
    );
    const closed = await eventually(async () => {
      const bodies = await Promise.all(proposals.map((proposal) => statusOf(proposal.id)));
      return bodies.every((body) => body.status === 'closed') && bodies;
    }, 30_000);
    const times = closed.map((body) => new Date(body.closedAt).getTime());
    // Jobs are fetched one a second per worker: one at a time, the twelfth closed some six seconds after the first.
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(3000);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(new Date(deadline).getTime());
  });

  it('reminds the members that have not replied 24 hours before the deadline, once', async () => {
    const proposal = await openProposal(test, secretariat, { deadline: inSeconds(24 * 3600 + 3) });
    await replyTo(test, fr, proposal.id, { position: 'support' }).expect(201);
    const mails = await eventually(async () => {
      const queued = await mailAbout(proposal.id, 'proposal.reminder');
      return queued.length > 0 && queued;
    });
    expect(mails).toEqual([{ recipient_email: de.email, language: 'fr', subject: expect.any(String) }]);
    expect(mails[0].subject).toMatch(new RegExp(`^Rappel : la proposition ${proposal.reference} attend votre réponse`));
    const [event] = await test.dataSource.query(
      `SELECT * FROM audit_event WHERE action = 'proposal.reminder_sent' AND entity_id = $1`,
      [proposal.id],
    );
    expect(event).toEqual(expect.objectContaining({ actor_id: null, actor_role: 'system' }));
    expect(event.changes).toEqual({ memberCodes: G7.filter((code) => code !== 'FR'), recipients: 1 });
    expect((await statusOf(proposal.id)).status).toBe('open');
  });
});

describe('proposals: deadline jobs and the sweep, without a worker', () => {
  /** No worker here: jobs stay queued, as when they are lost; the sweep is called by hand. */
  let test: TestApp;
  let secretariat: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    secretariat = await signedIn(test, 'secretariat');
  });
  afterAll(() => test.close());

  it('closes open proposals past their deadline whose job never ran, once', async () => {
    const proposal = await openProposal(test, secretariat, { deadline: inSeconds(1) });
    const later = await openProposal(test, secretariat, { deadline: inSeconds(3600) });
    const closing = test.app.get(ProposalClosingService);
    await expect(closing.closeAtDeadline(later.id)).rejects.toBeInstanceOf(DeadlineNotReached);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await closing.sweep()).toBe(1);
    expect(await closing.sweep()).toBe(0);
    const body = (await test.http.get(`/api/v1/proposals/${proposal.id}`).set(bearer(secretariat)).expect(200)).body;
    expect(body).toEqual(expect.objectContaining({ status: 'closed', outcome: 'not_adopted', closedBy: null }));
    expect((await test.http.get(`/api/v1/proposals/${later.id}`).set(bearer(secretariat))).body.status).toBe('open');
    const events = await test.dataSource.query(
      `SELECT actor_role FROM audit_event WHERE action = 'proposal.closed' AND entity_id = $1`,
      [proposal.id],
    );
    expect(events).toEqual([{ actor_role: 'system' }]);
  });

  it('closes the others past their deadline when one of them cannot be closed', async () => {
    const [first, stuck, last] = await Promise.all(
      [1, 2, 3].map(() => openProposal(test, secretariat, { deadline: inSeconds(3600) })),
    );
    await test.dataSource.query(`UPDATE proposal SET deadline = now() - interval '1 second' WHERE id = ANY($1)`, [
      [first.id, stuck.id, last.id],
    ]);
    await test.dataSource.query(`
      CREATE FUNCTION refuse_closing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the database refused this proposal'; END $$;
      CREATE TRIGGER refuse_closing BEFORE UPDATE ON proposal FOR EACH ROW
        WHEN (NEW.id = '${stuck.id}' AND NEW.status = 'closed') EXECUTE FUNCTION refuse_closing();`);
    try {
      expect(await test.app.get(ProposalClosingService).sweep()).toBe(2);
      const status = async (id: string) =>
        (await test.http.get(`/api/v1/proposals/${id}`).set(bearer(secretariat)).expect(200)).body.status;
      expect([await status(first.id), await status(stuck.id), await status(last.id)]).toEqual([
        'closed',
        'open',
        'closed',
      ]);
    } finally {
      await test.dataSource.query('DROP TRIGGER refuse_closing ON proposal; DROP FUNCTION refuse_closing()');
    }
    expect(await test.app.get(ProposalClosingService).sweep()).toBe(1);
  });

  it('schedules the closing at the deadline, and the reminder 24 hours before when that is still ahead', async () => {
    const soon = await openProposal(test, secretariat, { deadline: inSeconds(3600) });
    const later = await openProposal(test, secretariat, { deadline: inSeconds(3 * 86400) });
    const jobs = (id: string) =>
      test.dataSource.query(
        `SELECT name, start_after AS "startAfter" FROM pgboss.job WHERE singleton_key = $1 ORDER BY name`,
        [id],
      ) as Promise<{ name: string; startAfter: Date }[]>;
    const soonJobs = await jobs(soon.id);
    expect(soonJobs.map((job) => job.name)).toEqual(['proposal-deadline']);
    expect(new Date(soonJobs[0].startAfter).toISOString()).toBe(soon.deadline);
    const laterJobs = await jobs(later.id);
    expect(laterJobs.map((job) => job.name)).toEqual(['proposal-deadline', 'proposal-reminder']);
    expect(new Date(laterJobs[1].startAfter).getTime()).toBe(new Date(later.deadline as string).getTime() - 86_400_000);
  });
});
