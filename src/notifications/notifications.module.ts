import { Module } from '@nestjs/common';
import { MailDelivery } from './mail-delivery.js';
import { MailTransport } from './mail-transport.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  controllers: [NotificationsController],
  providers: [MailTransport, MailDelivery, NotificationsService],
})
export class NotificationsModule {}
