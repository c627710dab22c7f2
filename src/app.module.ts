import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { RecordHeadersInterceptor } from './common/record-headers.interceptor.js';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor.js';
import { UndeclaredInputInterceptor } from './common/undeclared-input.interceptor.js';
import type { AppConfig } from './config/app-config.js';
import { CoreModule } from './core.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { MembersModule } from './members/members.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        DatabaseModule.forRoot(config.databaseUrl, config.databasePoolSize),
        MetricsModule,
        HealthModule,
        AuthModule,
        UsersModule,
        MembersModule,
        AuditModule,
        NotificationsModule,
        NoticesModule,
        ProposalsModule,
        MeetingsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // Outermost first: refuse input the route does not take, set ETags (on replayed answers too), then
        // replay or record idempotent answers. Requests are timed by Metrics.timeRequests, before all of this.
        { provide: APP_INTERCEPTOR, useClass: UndeclaredInputInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RecordHeadersInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
