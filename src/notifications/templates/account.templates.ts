import type { Language } from '../../users/user.entity.js';
import type { MessageContent } from './layout.js';

export function invitation(language: Language, p: { name: string; url: string; hours: number }): MessageContent {
  return language === 'fr'
    ? {
        subject: 'Invitation : votre compte au secrétariat du MRR du G7',
        paragraphs: [
          `Bonjour ${p.name},`,
          'Un compte a été créé pour vous dans le système de gestion des dossiers du Mécanisme de réponse rapide du G7.',
          `Choisissez votre mot de passe avec le lien ci-dessous. Il ne sert qu’une fois et expire dans ${p.hours} heures.`,
        ],
        link: { label: 'Choisir mon mot de passe', url: p.url },
      }
    : {
        subject: 'Invitation: your account with the G7 RRM secretariat',
        paragraphs: [
          `Hello ${p.name},`,
          'An account has been created for you in the G7 Rapid Response Mechanism case-management system.',
          `Choose your password with the link below. It works once and expires in ${p.hours} hours.`,
        ],
        link: { label: 'Set my password', url: p.url },
      };
}

export function passwordReset(language: Language, p: { name: string; url: string; hours: number }): MessageContent {
  return language === 'fr'
    ? {
        subject: 'Réinitialisation de votre mot de passe',
        paragraphs: [
          `Bonjour ${p.name},`,
          'Une réinitialisation du mot de passe de votre compte a été demandée.',
          `Le lien ci-dessous ne sert qu’une fois et expire dans ${p.hours} heures. Si vous n’avez rien demandé, ignorez ce message.`,
        ],
        link: { label: 'Choisir un nouveau mot de passe', url: p.url },
      }
    : {
        subject: 'Reset your password',
        paragraphs: [
          `Hello ${p.name},`,
          'Someone asked to reset the password of your account.',
          `The link below works once and expires in ${p.hours} hours. If you did not ask, ignore this message.`,
        ],
        link: { label: 'Choose a new password', url: p.url },
      };
}

export function passwordChanged(language: Language, p: { name: string }): MessageContent {
  return language === 'fr'
    ? {
        subject: 'Votre mot de passe a été modifié',
        paragraphs: [
          `Bonjour ${p.name},`,
          'Le mot de passe de votre compte vient d’être modifié et vos autres sessions ont été fermées.',
          'Si ce n’était pas vous, contactez immédiatement le secrétariat.',
        ],
      }
    : {
        subject: 'Your password was changed',
        paragraphs: [
          `Hello ${p.name},`,
          'The password of your account was just changed and your other sessions were signed out.',
          'If this was not you, contact the secretariat at once.',
        ],
      };
}

export function mfaChanged(language: Language, p: { name: string; enabled: boolean }): MessageContent {
  if (language === 'fr') {
    return {
      subject: p.enabled ? 'Authentification à deux facteurs activée' : 'Authentification à deux facteurs désactivée',
      paragraphs: [
        `Bonjour ${p.name},`,
        p.enabled
          ? 'L’authentification à deux facteurs est maintenant activée sur votre compte.'
          : 'L’authentification à deux facteurs a été désactivée sur votre compte.',
        'Si ce n’était pas vous, contactez immédiatement le secrétariat.',
      ],
    };
  }
  return {
    subject: p.enabled ? 'Two-factor authentication turned on' : 'Two-factor authentication turned off',
    paragraphs: [
      `Hello ${p.name},`,
      p.enabled
        ? 'Two-factor authentication is now on for your account.'
        : 'Two-factor authentication was turned off for your account.',
      'If this was not you, contact the secretariat at once.',
    ],
  };
}
