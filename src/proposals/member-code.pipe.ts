import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';

const MEMBER_CODE = /^[A-Z]{2,8}$/;

/** A member code in a path: anything else names no member, so it is a 404. */
@Injectable()
export class MemberCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!MEMBER_CODE.test(value)) throw new AppError('not_found', 'No such member.');
    return value;
  }
}
