import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AuditRecorder } from './audit/audit-recorder.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { UnitOfWork } from './database/unit-of-work.js';
import { JobQueue } from './jobs/job-queue.js';
import { AccountMail } from './notifications/account-mail.js';
import { MailAccess } from './notifications/mail-access.js';
import { Outbox } from './notifications/outbox.js';
import { Recipients } from './notifications/recipients.js';

/** What every feature needs: configuration, the transaction with its audit trail, and the outbox. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        AuditRecorder,
        Outbox,
        UnitOfWork,
        AccountMail,
        Recipients,
        MailAccess,
        JobQueue,
      ],
      exports: [APP_CONFIG, AuditRecorder, Outbox, UnitOfWork, AccountMail, Recipients, MailAccess, JobQueue],
    };
  }
}
