import { NBSP, NNBSP } from '@newsroom/test-factories';
import { FALLBACK_SLUG, MAX_SLUG_LENGTH, SLUG_PATTERN, slugFromHeadline, withSuffix } from './slug';

describe('slugFromHeadline', () => {
  it.each([
    ['L’été sera chaud', 'l-ete-sera-chaud'],
    ["L'été sera chaud", 'l-ete-sera-chaud'],
    [`«${NBSP}C’est fini${NNBSP}!${NBSP}» : Aujourd’hui, qu’en reste-t-il${NNBSP}?`, 'c-est-fini-aujourdhui-qu-en-reste-t-il'],
    ['Jusqu’où ira la presqu’île ? Lorsqu’il pleut, quelqu’un répond', 'jusqu-ou-ira-la-presqu-ile-lorsqu-il-pleut-quelqu-un-repond'],
    ['Ça va ? Non ! Élysée, Çà et là, À bientôt', 'ca-va-non-elysee-ca-et-la-a-bientot'],
    ['L’Œuvre et l’Ælfred de Sœur Cæcilia', 'l-oeuvre-et-l-aelfred-de-soeur-caecilia'],
    ['Größe der Straße in München', 'grosse-der-strasse-in-munchen'],
    ['Łódź, Gdańsk et Źródło', 'lodz-gdansk-et-zrodlo'],
    ['Ørsted, Ærøskøbing og Tromsø', 'orsted-aeroskobing-og-tromso'],
    ['Paris/Berlin — l’axe franco-allemand', 'paris-berlin-l-axe-franco-allemand'],
    ['Sondage : 45 % des Français & l’Europe', 'sondage-45-pourcent-des-francais-et-l-europe'],
    ['Présidentielle | Le direct', 'presidentielle-le-direct'],
    ['COVID-19 : 1 500 cas, 3,5 % de hausse', 'covid-19-1-500-cas-3-5-pourcent-de-hausse'],
    ['Don’t look up: it’s Trump’s call', 'dont-look-up-its-trumps-call'],
    ['Le ﬁnancement de la Côte d’Ivoire', 'le-financement-de-la-cote-d-ivoire'],
    ['Le XXIe siècle 🗞️ 👩‍💻', 'le-xxie-siecle'],
  ])('%s → %s', (headline, slug) => {
    expect(slugFromHeadline(headline)).toBe(slug);
  });

  it('reads decomposed accents like composed ones', () => {
    expect(slugFromHeadline('E\u0301te\u0301 a\u0300 Ac\u0327ores')).toBe('ete-a-acores');
  });

  it('can spell symbols in another language', () => {
    expect(slugFromHeadline('Johnson & Johnson', 'en')).toBe('johnson-and-johnson');
  });

  it('is never empty', () => {
    for (const headline of ['', '   ', '?!', '« »', '🗞️👩‍💻', '東京', '—']) {
      expect(slugFromHeadline(headline)).toBe(FALLBACK_SLUG);
    }
  });

  it('cuts long headlines between words', () => {
    const headline =
      'Grève du 5 décembre : « Nous irons jusqu’au bout », affirment les syndicats de la SNCF et de la RATP, qui appellent à une mobilisation massive';
    const slug = slugFromHeadline(headline);
    expect(slug).toBe('greve-du-5-decembre-nous-irons-jusqu-au-bout-affirment-les-syndicats-de-la-sncf');
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });

  it('cuts a single overlong word hard', () => {
    expect(slugFromHeadline('a'.repeat(200))).toBe('a'.repeat(MAX_SLUG_LENGTH));
  });

  it('always yields the slug pattern', () => {
    const headlines = ['-Le-', ' _x_ ', 'A--B', 'Ŀ·l', 'Владимир Путин', 'Ελλάδα', '10°C', 'x'.repeat(79) + ' yz'];
    for (const headline of headlines) {
      expect(slugFromHeadline(headline)).toMatch(SLUG_PATTERN);
    }
  });
});

describe('withSuffix', () => {
  it('appends the suffix', () => {
    expect(withSuffix('l-ete-sera-chaud', 2)).toBe('l-ete-sera-chaud-2');
    expect(withSuffix('l-ete-sera-chaud', 'a1b2')).toBe('l-ete-sera-chaud-a1b2');
  });

  it('shortens the slug between words to keep the length limit', () => {
    const slug = slugFromHeadline('Grève du 5 décembre : « Nous irons jusqu’au bout », affirment les syndicats de la SNCF et de la RATP');
    const suffixed = withSuffix(slug, 12);
    expect(suffixed).toBe('greve-du-5-decembre-nous-irons-jusqu-au-bout-affirment-les-syndicats-de-la-12');
    expect(suffixed.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(suffixed).toMatch(SLUG_PATTERN);
  });

  it('refuses what is not a slug', () => {
    expect(() => withSuffix('l-ete', '')).toThrow(RangeError);
    expect(() => withSuffix('l-ete', 'Deux')).toThrow(RangeError);
    expect(() => withSuffix('l-ete', '-2')).toThrow(RangeError);
    expect(() => withSuffix('L’été', 2)).toThrow(RangeError);
    expect(() => withSuffix('l-ete', 'x'.repeat(MAX_SLUG_LENGTH))).toThrow(RangeError);
  });
});
