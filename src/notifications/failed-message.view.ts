import { ApiInteger } from '../common/openapi.js';

export class FailedMessageView {
  id: string;
  recipientEmail: string;
  template: string;
  subject: string;
  @ApiInteger()
  attempts: number;
  lastError: string | null;
  createdAt: string;
}
