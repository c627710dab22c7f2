// Every migration, in order. `npm run migration:generate -- <Name>` adds new ones here.
import { CreateSchema1795324939531 } from './1795324939531-CreateSchema.js';
import { SeedMembers1795324939532 } from './1795324939532-SeedMembers.js';
import { MakeAuditTrailAppendOnly1795324939533 } from './1795324939533-MakeAuditTrailAppendOnly.js';
import { CreateNotices1795325903907 } from './1795325903907-CreateNotices.js';
import { CreateProposals1795328843583 } from './1795328843583-CreateProposals.js';
import { CreateMeetings1795328741176 } from './1795328741176-CreateMeetings.js';
import { LinkAgendaItemsToProposals1795331100473 } from './1795331100473-LinkAgendaItemsToProposals.js';
import { ReadAuditChainHeadUnderLock1796135801721 } from './1796135801721-ReadAuditChainHeadUnderLock.js';
import { AppendAuditEventsInOneCall1796221000000 } from './1796221000000-AppendAuditEventsInOneCall.js';
import { NotifyPrincipalChanges1796400000000 } from './1796400000000-NotifyPrincipalChanges.js';
import { StoreCursorTimesInMilliseconds1796500000000 } from './1796500000000-StoreCursorTimesInMilliseconds.js';
import { ReplayAnswersAsWritten1796600000000 } from './1796600000000-ReplayAnswersAsWritten.js';
import { DropCalendarSequence1796700000000 } from './1796700000000-DropCalendarSequence.js';
import { CheckMailReadersAtDelivery1796800000000 } from './1796800000000-CheckMailReadersAtDelivery.js';
import { FireAuditTriggersAlways1796900000000 } from './1796900000000-FireAuditTriggersAlways.js';
import { RecordMemberDeactivation1797000000000 } from './1797000000000-RecordMemberDeactivation.js';

export const MIGRATIONS = [
  CreateSchema1795324939531,
  SeedMembers1795324939532,
  MakeAuditTrailAppendOnly1795324939533,
  CreateNotices1795325903907,
  CreateMeetings1795328741176,
  CreateProposals1795328843583,
  LinkAgendaItemsToProposals1795331100473,
  ReadAuditChainHeadUnderLock1796135801721,
  AppendAuditEventsInOneCall1796221000000,
  NotifyPrincipalChanges1796400000000,
  StoreCursorTimesInMilliseconds1796500000000,
  ReplayAnswersAsWritten1796600000000,
  DropCalendarSequence1796700000000,
  CheckMailReadersAtDelivery1796800000000,
  FireAuditTriggersAlways1796900000000,
  RecordMemberDeactivation1797000000000,
];
