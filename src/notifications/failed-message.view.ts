export class FailedMessageView {
  id: string;
  recipientEmail: string;
  template: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}
