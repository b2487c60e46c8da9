import type { CommandOutput } from '../../../core/api';
import { formatMoney } from '../../format';

type UpdForm = NonNullable<CommandOutput<'documents.get'>['form']>;

const money = (k: number | null) => (k === null ? 'без НДС' : formatMoney(k).replace(/\u00a0₽$/, ''));
const party = (p: UpdForm['seller']) => `${p.inn}${p.kpp ? ` / ${p.kpp}` : ''}`;

/** A UPD as a readable printed form (the fields of the paper УПД), drawn from the XML the core read back. */
export function UpdPreview({ form }: { form: UpdForm }) {
  return (
    <div className="upd-form" data-testid="upd-preview">
      <div className="upd-head">
        <div className="upd-status">
          Универсальный передаточный документ
          <br />
          Статус: <b>{form.status}</b>
        </div>
        <div>
          <h3>
            {form.function === 'ДОП' ? 'Документ об оказании услуг' : 'Счёт-фактура'} № {form.number} от {form.date}
          </h3>
          <table>
            <tbody>
              <tr>
                <td className="lbl">Продавец</td>
                <td>{form.seller.name}</td>
              </tr>
              <tr>
                <td className="lbl">Адрес</td>
                <td>{form.seller.address ?? '—'}</td>
              </tr>
              <tr>
                <td className="lbl">ИНН/КПП продавца</td>
                <td>{party(form.seller)}</td>
              </tr>
              <tr>
                <td className="lbl">Покупатель</td>
                <td>{form.buyer.name}</td>
              </tr>
              <tr>
                <td className="lbl">Адрес</td>
                <td>{form.buyer.address ?? '—'}</td>
              </tr>
              <tr>
                <td className="lbl">ИНН/КПП покупателя</td>
                <td>{party(form.buyer)}</td>
              </tr>
              <tr>
                <td className="lbl">Валюта: наименование, код</td>
                <td>{form.currency}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      <table>
        <thead>
          <tr>
            <th>№</th>
            <th>Наименование услуги</th>
            <th>Ед. изм.</th>
            <th>Кол-во</th>
            <th>Цена</th>
            <th>Стоимость без налога</th>
            <th>Ставка</th>
            <th>Сумма налога</th>
            <th>Стоимость с налогом</th>
          </tr>
        </thead>
        <tbody>
          {form.lines.map((l) => (
            <tr key={l.no}>
              <td>{l.no}</td>
              <td>{l.name}</td>
              <td>
                {l.unitCode} {l.unit}
              </td>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(l.price)}</td>
              <td className="num">{money(l.amount)}</td>
              <td>{l.vatRate}</td>
              <td className="num">{money(l.vat)}</td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
          <tr className="upd-total">
            <td colSpan={5}>Всего к оплате</td>
            <td className="num" data-testid="upd-total-amount">
              {money(form.totals.amount)}
            </td>
            <td>×</td>
            <td className="num">{money(form.totals.vat)}</td>
            <td className="num" data-testid="upd-total">
              {money(form.totals.total)}
            </td>
          </tr>
        </tbody>
      </table>
      <table style={{ marginTop: 8 }}>
        <tbody>
          <tr>
            <td className="lbl">Основание передачи</td>
            <td>{form.basis ? `${form.basis.name} № ${form.basis.number} от ${form.basis.date}` : 'без документа-основания'}</td>
          </tr>
          <tr>
            <td className="lbl">Период оказания услуг</td>
            <td>
              {form.periodFrom} — {form.periodTo}
            </td>
          </tr>
          <tr>
            <td className="lbl">Содержание операции</td>
            <td>{form.operation}</td>
          </tr>
        </tbody>
      </table>
      <div className="upd-sign">
        <div>
          <div className="muted">Подписант (составитель файла)</div>
          {form.signer.position} {form.signer.name}
        </div>
        <div>
          <div className="muted">Файл сформирован</div>
          {form.madeOn} {form.madeAt.replace(/\./g, ':')}, формат {form.formatVersion}, функция {form.function}
        </div>
      </div>
      <div className="upd-file">ИдФайл: {form.idFile}</div>
    </div>
  );
}
