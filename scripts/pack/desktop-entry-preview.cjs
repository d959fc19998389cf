// electron-builder afterPack hook, used by `npm run pack:check` only: writes into the Linux app
// directory the .desktop entry and icon list that the deb and AppImage targets would install.
// Those targets need tools downloaded at build time (fpm, appimagetool), so the check cannot
// build them here; this runs the same code they use (app-builder-lib's LinuxTargetHelper,
// internal but pinned with electron-builder) so the check can read what a user's menu shows.
const { writeFile } = require('node:fs/promises');
const { join, relative } = require('node:path');
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper');

module.exports = async function desktopEntryPreview(context) {
  if (context.electronPlatformName !== 'linux') return;
  const helper = new LinuxTargetHelper(context.packager);
  const options = context.packager.platformSpecificBuildOptions;
  await helper.writeDesktopEntry(options, null, join(context.appOutDir, 'desktop-preview', 'sockscope.desktop'));
  const icons = (await helper.icons).map((icon) => ({ file: relative(process.cwd(), icon.file), size: icon.size }));
  await writeFile(join(context.appOutDir, 'desktop-preview', 'icons.json'), `${JSON.stringify(icons, null, 2)}\n`);
};
