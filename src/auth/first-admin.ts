import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { activeAdminsUnderLock } from '../users/admin-roster.js';
import { User } from '../users/user.entity.js';
import { toUserView } from '../users/user.view.js';
import { hashPassword } from './passwords.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@rrm.local';
const ACTIVE_ADMIN = { role: 'admin', active: true } as const;

/**
 * At start-up, when no active admin exists, creates one from ADMIN_EMAIL / ADMIN_PASSWORD. On the embedded
 * default without them, generates a password and prints it once; on a database of one's own (DATABASE_URL)
 * without them, warns that nobody can administer the system yet.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const generate = this.config.embeddedDatabase && !this.config.adminPassword;
    if (!this.config.adminPassword && !generate) {
      if (!(await this.dataSource.manager.existsBy(User, ACTIVE_ADMIN))) {
        this.logger.warn('No active admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create one.');
      }
      return;
    }
    const email = (this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    const password = this.config.adminPassword ?? randomBytes(18).toString('base64url');
    const created = await this.unitOfWork.run(null, async (tx) => {
      if ((await activeAdminsUnderLock(tx.manager)) > 0) return false;
      const existing = await tx.manager.findOneBy(User, { email });
      if (existing) {
        this.logger.warn(`No active admin, and ${email} is taken by another account: no first admin created.`);
        return false;
      }
      const user = await tx.manager.save(
        tx.manager.create(User, {
          email,
          displayName: 'Administrator',
          role: 'admin',
          memberCode: null,
          passwordHash: await hashPassword(password),
        }),
      );
      tx.audit({
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        changes: { after: { ...toUserView(user) } },
        actor: null,
      });
      return true;
    });
    if (!created) return;
    if (generate) {
      // Printed once, to the console only; never logged through the structured logger.
      process.stdout.write(
        `\nFirst admin created. Sign in with POST /api/v1/auth/login as ${email}\n` +
          `  password: ${password}\n(shown once: change it with POST /api/v1/auth/password)\n\n`,
      );
    } else {
      const from = this.config.adminEmail ? 'ADMIN_EMAIL and ADMIN_PASSWORD' : 'ADMIN_PASSWORD (ADMIN_EMAIL unset)';
      this.logger.log(`First admin ${email} created from ${from}.`);
    }
  }
}
