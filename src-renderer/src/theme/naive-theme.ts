import {
  buttonDark,
  buttonGroupDark,
  checkboxDark,
  commonDark,
  createTheme,
  datePickerDark,
  drawerDark,
  dropdownDark,
  formDark,
  inputDark,
  inputNumberDark,
  messageDark,
  modalDark,
  popconfirmDark,
  popoverDark,
  progressDark,
  radioDark,
  selectDark,
  sliderDark,
  spinDark,
  switchDark,
  tabsDark,
  tagDark,
  treeDark,
  type GlobalTheme,
} from 'naive-ui';

/**
 * Naive UI's dark theme for the components the console uses, and only those: the full `darkTheme`
 * holds the styles of every Naive UI component (≈ 200 kB minified in the shell). Each component
 * theme brings its own peers (a select brings its menu, a date picker its inputs). A component
 * new to the console needs its theme here; tests/unit/renderer/naive-theme.test.ts finds any that is
 * missing.
 */
export const consoleDarkTheme: GlobalTheme = {
  ...createTheme('dark', [
    buttonDark,
    buttonGroupDark,
    checkboxDark,
    datePickerDark,
    drawerDark,
    dropdownDark,
    formDark,
    inputDark,
    inputNumberDark,
    messageDark,
    modalDark,
    popconfirmDark,
    popoverDark,
    progressDark,
    radioDark,
    selectDark,
    sliderDark,
    spinDark,
    switchDark,
    tabsDark,
    tagDark,
    treeDark,
  ]),
  common: commonDark,
};
