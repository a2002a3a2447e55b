/**
 * The clean records the demo simulation produces, before they are written in each vendor's format. Times are
 * local milliseconds (see `local-time.ts`); `NaN` marks a time that has not happened (yet) at export time.
 */
import type { DemoAgent, DemoCustomer } from './population.js';
import type { ComplaintTextKind } from './text.js';
import type { DemoChannel } from './world.js';

/** One contact (call, chat, e-mail, social message, app session or on-site visit). */
export interface DemoContact {
  /** `C` + YYMMDD of the start + 5-digit sequence of the day, e.g. `C25010500012`. */
  readonly id: string;
  readonly startedMs: number;
  /** NaN when abandoned. */
  readonly answeredMs: number;
  readonly endedMs: number;
  readonly channel: DemoChannel;
  readonly queue: string;
  readonly answered: boolean;
  /** Queue wait until answered, or until the customer gave up. Always ≥ 1. */
  readonly waitSeconds: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly afterWorkSeconds: number;
  readonly transferred: boolean;
  /** Resolved at first contact (false when abandoned). */
  readonly resolved: boolean;
  /** Part of a major network fault. */
  readonly major: boolean;
  /** The answering agent; null when abandoned. */
  readonly agent: DemoAgent | null;
  /** Team code at the time of the contact; '' when abandoned. */
  readonly team: string;
  readonly region: string;
  readonly customer: DemoCustomer;
}

/** How a survey was taken. */
export type DemoSurveyMethod = 'phone' | 'online' | 'onsite';

/** One survey answer, rating a contact or a complaint. Ratings: 1–5 except nps 0–10 and ces 1–7; NaN = skipped. */
export interface DemoSurvey {
  /** Running number over the run (each file formats its own response id from it). */
  readonly seq: number;
  readonly answeredMs: number;
  readonly method: DemoSurveyMethod;
  readonly channel: DemoChannel;
  /** '' when the survey rates a complaint. */
  readonly contactId: string;
  /** '' when the survey rates a contact. */
  readonly complaintId: string;
  readonly overall: number;
  readonly attitude: number;
  readonly expertise: number;
  readonly communication: number;
  readonly speed: number;
  readonly solved: number;
  /** Asked only about complaints; NaN otherwise. */
  readonly transparency: number;
  readonly nps: number;
  readonly ces: number;
  readonly comment: string;
  readonly agent: DemoAgent | null;
  readonly team: string;
  readonly region: string;
  readonly customer: DemoCustomer;
  /** The rated contact's queue wait (NaN for complaint surveys): kept for tests, not written. */
  readonly waitSeconds: number;
}

/** Complaint category codes (the database vocabulary). */
export type DemoCategory = 'service' | 'product' | 'technical' | 'other';
/** Urgency / impact levels. */
export type DemoLevel = 'critical' | 'high' | 'medium' | 'low';
/** Root-cause codes. */
export type DemoRootCause = 'process' | 'staff_attitude' | 'product_quality' | 'technical_support' | 'other';
/** Complaint status at export time. */
export type DemoStatus = 'open' | 'in_progress' | 'resolved' | 'closed';

/** One complaint, attributed to the agent and team of the contact it arose from. */
export interface DemoComplaint {
  /** `TS` + YYMMDD received + 5-digit running number. */
  readonly id: string;
  readonly receivedMs: number;
  readonly channel: DemoChannel;
  readonly category: DemoCategory;
  readonly textKind: ComplaintTextKind;
  /** True for the extra complaints of the billing cluster (planted effect 3). */
  readonly cluster: boolean;
  readonly urgency: DemoLevel;
  readonly impact: DemoLevel;
  readonly rootCause: DemoRootCause;
  readonly description: string;
  readonly firstResponseMs: number;
  readonly resolvedMs: number;
  readonly closedMs: number;
  readonly status: DemoStatus;
  readonly reopened: boolean;
  readonly escalated: boolean;
  /** Post-resolution satisfaction 1–5 from the follow-up call; NaN when none. */
  readonly satisfaction: number;
  readonly followupMs: number;
  readonly agent: DemoAgent | null;
  readonly team: string;
  readonly region: string;
  readonly customer: DemoCustomer;
  /** The contact it arose from (not written: complaint exports carry no contact id). */
  readonly contactId: string;
}

/** Receives records as the simulation produces them, in time order of the underlying contacts. */
export interface DemoRecordSink {
  onContact(contact: DemoContact): void;
  onSurvey(survey: DemoSurvey): void;
  onComplaint(complaint: DemoComplaint): void;
}
