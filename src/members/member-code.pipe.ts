import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { MEMBER_CODE } from '../common/validation.js';

/** A member code in a path: anything else names no member, so it is a 404 (like a malformed record id). */
@Injectable()
export class MemberCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!MEMBER_CODE.test(value)) throw new AppError('not_found', 'No such member.');
    return value;
  }
}
