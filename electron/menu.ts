// The Russian application menu. Built from roles, so Electron supplies shortcuts and platform behaviour.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** Shows the "О программе" box with the version, which support asks for first. */
function showAbout(win: BrowserWindow | null): void {
  const options = {
    type: 'info' as const,
    title: 'О программе',
    message: `MCM ${app.getVersion()}`,
    detail:
      'Маркетинговые контракты, штрафы, амнистии, выплаты и документы ЭДО.\n' +
      `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node.js ${process.versions.node}`,
    buttons: ['OK'],
  };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

/** Builds the menu; `dev` adds reload and developer tools, which a packaged build does not offer. */
export function buildAppMenu(dev: boolean, getWindow: () => BrowserWindow | null): Menu {
  const devItems: MenuItemConstructorOptions[] = dev
    ? [
        { role: 'reload', label: 'Перезагрузить' },
        { role: 'forceReload', label: 'Перезагрузить без кэша' },
        { role: 'toggleDevTools', label: 'Инструменты разработчика' },
        { type: 'separator' },
      ]
    : [];
  const template: MenuItemConstructorOptions[] = [
    { label: 'Файл', submenu: [{ role: 'quit', label: 'Выход' }] },
    {
      label: 'Правка',
      submenu: [
        { role: 'undo', label: 'Отменить' },
        { role: 'redo', label: 'Повторить' },
        { type: 'separator' },
        { role: 'cut', label: 'Вырезать' },
        { role: 'copy', label: 'Копировать' },
        { role: 'paste', label: 'Вставить' },
        { role: 'delete', label: 'Удалить' },
        { type: 'separator' },
        { role: 'selectAll', label: 'Выделить всё' },
      ],
    },
    {
      label: 'Вид',
      submenu: [
        ...devItems,
        { role: 'resetZoom', label: 'Исходный масштаб' },
        { role: 'zoomIn', label: 'Увеличить' },
        { role: 'zoomOut', label: 'Уменьшить' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Полноэкранный режим' },
      ],
    },
    { label: 'Справка', submenu: [{ label: 'О программе', click: () => showAbout(getWindow()) }] },
  ];
  return Menu.buildFromTemplate(template);
}
