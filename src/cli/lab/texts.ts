/** The lab's words in English and in Dutch (the seed's language). */
export type Lang = 'en' | 'nl';

export interface Text {
  en: string;
  nl: string;
}

export const t = (text: Text, lang: Lang): string => text[lang];

export const labTexts = {
  intro: {
    en: 'Lab: Services — a stable network endpoint in front of temporary pods (namespace dev).',
    nl: 'Lab: Services — een stabiel netwerk-endpoint voor tijdelijke Pods (namespace dev).',
  },
  press: { en: 'Press Enter to run it…', nl: 'Druk op Enter om het uit te voeren…' },
  observation: { en: 'Observation', nl: 'Observatie' },
  summary: { en: 'Summary', nl: 'Samenvatting' },
  held: { en: 'held', nl: 'klopt' },
  failed: { en: 'did not hold', nl: 'klopt niet' },
  allHeld: {
    en: 'Every observation of the seed held. Services solve the problem of temporary, replaceable pods.',
    nl: 'Alle observaties uit de seed kloppen. Services lossen het probleem van tijdelijke, vervangbare Pods op.',
  },
  someFailed: { en: 'Some observations did not hold; see above.', nl: 'Niet alle observaties kloppen; zie hierboven.' },
  runsVia: { en: 'runs through', nl: 'uitgevoerd met' },
} satisfies Record<string, Text>;
