import type { Language } from '../../users/user.entity.js';
import type { MessageContent } from './layout.js';

/**
 * What a proposal email may say: reference, title, action, rule, deadline and, once closed, the result. The
 * rationale and the linked notices stay in the system (a notice may be hidden from some recipients).
 */
export interface ProposalMailFacts {
  reference: string;
  title: string;
  actionType: string;
  decisionRule: 'consensus' | 'silence';
  deadline: Date;
  exercise: boolean;
  url: string;
}

export interface ProposalResult {
  outcome: 'adopted' | 'not_adopted';
  /** Closed by the secretariat before the deadline (rather than by itself at the deadline). */
  early: boolean;
  tally: { support: number; support_with_reservations: number; abstain: number; object: number; notReplied: string[] };
  signatories: string[];
}

const ACTIONS: Record<Language, Record<string, string>> = {
  en: {
    joint_statement: 'joint statement',
    coordinated_attribution: 'coordinated attribution',
    deterrent_action: 'deterrent action',
    support_vulnerable_democracy: 'support to a vulnerable democracy',
    public_communication: 'public communication',
    other: 'other action',
  },
  fr: {
    joint_statement: 'déclaration commune',
    coordinated_attribution: 'attribution coordonnée',
    deterrent_action: 'mesure de dissuasion',
    support_vulnerable_democracy: 'soutien à une démocratie vulnérable',
    public_communication: 'communication publique',
    other: 'autre action',
  },
};

const RULES: Record<Language, Record<ProposalMailFacts['decisionRule'], string>> = {
  en: {
    consensus: 'consensus: adopted when every member has replied and none objects',
    silence: 'silence procedure: adopted at the deadline unless a member objects (breaks silence)',
  },
  fr: {
    consensus: 'consensus : adoptée lorsque tous les membres ont répondu et qu’aucun ne s’y oppose',
    silence: 'procédure d’approbation tacite : adoptée à l’échéance sauf si un membre s’y oppose (rompt le silence)',
  },
};

/** 2026-05-01 14:00 UTC: members sit from UTC-8 to UTC+9, so one unambiguous clock. */
export const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const summary = (language: Language, facts: ProposalMailFacts) =>
  language === 'fr'
    ? `Titre : ${facts.title}\nAction : ${ACTIONS.fr[facts.actionType] ?? facts.actionType}\nRègle : ${RULES.fr[facts.decisionRule]}\nÉchéance : ${utc(facts.deadline)}`
    : `Title: ${facts.title}\nAction: ${ACTIONS.en[facts.actionType] ?? facts.actionType}\nRule: ${RULES.en[facts.decisionRule]}\nDeadline: ${utc(facts.deadline)}`;

/** To every member's focal points when the secretariat opens a proposal: the notice "at open". */
export function proposalOpened(language: Language, facts: ProposalMailFacts): MessageContent {
  if (language === 'fr') {
    return {
      subject: `Proposition ${facts.reference} ouverte à votre réponse jusqu’au ${utc(facts.deadline)}`,
      paragraphs: [
        `Le secrétariat du MRR du G7 soumet la proposition d’intervention coordonnée ${facts.reference} aux membres.`,
        summary(language, facts),
        'Merci de répondre dans le système : appui, appui avec réserves, abstention ou objection.',
      ],
      link: { label: 'Consulter la proposition', url: facts.url },
      exercise: facts.exercise,
    };
  }
  return {
    subject: `Proposal ${facts.reference} open for your reply until ${utc(facts.deadline)}`,
    paragraphs: [
      `The G7 RRM secretariat puts coordinated-response proposal ${facts.reference} to the members.`,
      summary(language, facts),
      'Please reply in the system: support, support with reservations, abstain or object.',
    ],
    link: { label: 'Read the proposal', url: facts.url },
    exercise: facts.exercise,
  };
}

/** To the focal points of members that have not replied, 24 hours before the deadline. */
export function proposalReminder(language: Language, facts: ProposalMailFacts): MessageContent {
  if (language === 'fr') {
    return {
      subject: `Rappel : la proposition ${facts.reference} attend votre réponse avant le ${utc(facts.deadline)}`,
      paragraphs: [
        `Votre organisation n’a pas encore répondu à la proposition ${facts.reference}.`,
        summary(language, facts),
        facts.decisionRule === 'silence'
          ? 'Sans objection d’ici l’échéance, elle sera adoptée.'
          : 'Elle ne peut être adoptée que si tous les membres répondent.',
      ],
      link: { label: 'Répondre', url: facts.url },
      exercise: facts.exercise,
    };
  }
  return {
    subject: `Reminder: proposal ${facts.reference} awaits your reply by ${utc(facts.deadline)}`,
    paragraphs: [
      `Your organisation has not replied to proposal ${facts.reference} yet.`,
      summary(language, facts),
      facts.decisionRule === 'silence'
        ? 'Without an objection by the deadline, it will be adopted.'
        : 'It can only be adopted if every member replies.',
    ],
    link: { label: 'Reply', url: facts.url },
    exercise: facts.exercise,
  };
}

/** To every member's focal points when a proposal closes, by itself or early. */
export function proposalClosed(language: Language, facts: ProposalMailFacts, result: ProposalResult): MessageContent {
  const { tally } = result;
  const none = language === 'fr' ? 'aucun' : 'none';
  const signatories = result.signatories.join(', ') || none;
  const notReplied = tally.notReplied.join(', ') || none;
  if (language === 'fr') {
    const outcome = result.outcome === 'adopted' ? 'adoptée' : 'non adoptée';
    return {
      subject: `Proposition ${facts.reference} ${outcome}`,
      paragraphs: [
        result.early
          ? `Le secrétariat a clos la proposition ${facts.reference} avant l’échéance : elle est ${outcome}.`
          : `La proposition ${facts.reference} a été close à l’échéance : elle est ${outcome}.`,
        summary(language, facts),
        `Appui : ${tally.support} ; appui avec réserves : ${tally.support_with_reservations} ; abstention : ${tally.abstain} ; objection : ${tally.object}\nSans réponse : ${notReplied}`,
        `Signataires : ${signatories}`,
      ],
      link: { label: 'Consulter la proposition', url: facts.url },
      exercise: facts.exercise,
    };
  }
  const outcome = result.outcome === 'adopted' ? 'adopted' : 'not adopted';
  return {
    subject: `Proposal ${facts.reference} ${outcome}`,
    paragraphs: [
      result.early
        ? `The secretariat closed proposal ${facts.reference} before its deadline: it is ${outcome}.`
        : `Proposal ${facts.reference} closed at its deadline: it is ${outcome}.`,
      summary(language, facts),
      `Support: ${tally.support}; support with reservations: ${tally.support_with_reservations}; abstain: ${tally.abstain}; object: ${tally.object}\nNot replied: ${notReplied}`,
      `Signatories: ${signatories}`,
    ],
    link: { label: 'Read the proposal', url: facts.url },
    exercise: facts.exercise,
  };
}

/** To every member's focal points when an open proposal is withdrawn. */
export function proposalWithdrawn(language: Language, facts: ProposalMailFacts): MessageContent {
  if (language === 'fr') {
    return {
      subject: `Proposition ${facts.reference} retirée`,
      paragraphs: [
        `Le secrétariat a retiré la proposition ${facts.reference} : aucune réponse n’est plus attendue.`,
        summary(language, facts),
      ],
      link: { label: 'Consulter la proposition', url: facts.url },
      exercise: facts.exercise,
    };
  }
  return {
    subject: `Proposal ${facts.reference} withdrawn`,
    paragraphs: [
      `The secretariat withdrew proposal ${facts.reference}: no reply is expected any more.`,
      summary(language, facts),
    ],
    link: { label: 'Read the proposal', url: facts.url },
    exercise: facts.exercise,
  };
}
