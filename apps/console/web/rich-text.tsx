import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n';

/**
 * The story body editor: paragraphs, subheadings, quotes, lists, bold, italic and links, the markup the
 * newsroom's sanitiser keeps. Pasted text arrives as plain text, so that nothing a word processor or a
 * web page carries (styles, scripts, spans) gets in; « », ’ and non-breaking spaces are kept as typed.
 */
export function RichText({
  id,
  labelId,
  initial,
  onChange,
}: {
  id: string;
  labelId: string;
  initial: string;
  onChange: (html: string) => void;
}) {
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (area.current) area.current.innerHTML = initial || '<p><br></p>';
    // Set once: the editor owns its content from then on.
  }, []);
  const command = (name: string, value?: string) => {
    area.current?.focus();
    document.execCommand(name, false, value);
    onChange(area.current?.innerHTML ?? '');
  };
  const link = () => {
    const href = window.prompt(t('linkPrompt'));
    if (href && /^https?:\/\//.test(href)) command('createLink', href);
  };
  return (
    <div class="rich-text">
      <div role="toolbar" aria-label={t('toolbar')} aria-controls={id} class="toolbar">
        <button type="button" onClick={() => command('formatBlock', 'p')}>
          {t('paragraph')}
        </button>
        <button type="button" onClick={() => command('formatBlock', 'h2')}>
          {t('heading')}
        </button>
        <button type="button" onClick={() => command('formatBlock', 'blockquote')}>
          {t('quote')}
        </button>
        <button type="button" onClick={() => command('insertUnorderedList')}>
          {t('bulletList')}
        </button>
        <button type="button" onClick={() => command('bold')}>
          <b>{t('bold')}</b>
        </button>
        <button type="button" onClick={() => command('italic')}>
          <i>{t('italic')}</i>
        </button>
        <button type="button" onClick={link}>
          {t('link')}
        </button>
      </div>
      <div
        id={id}
        ref={area}
        class="editable"
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelId}
        contentEditable
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={() => onChange(area.current?.innerHTML ?? '')}
        onPaste={(event) => {
          event.preventDefault();
          document.execCommand('insertText', false, event.clipboardData?.getData('text/plain') ?? '');
        }}
      />
    </div>
  );
}
