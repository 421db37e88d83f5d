//! ChatKit widgets: one typed struct per component, the `WidgetRoot`/`WidgetComponent` unions, builders,
//! validation and diffing. Structs serialize without their `type` tag; the unions add it.

#[macro_use]
mod macros;

mod basic;
mod card;
mod chart;
mod controls;
mod diff;
mod error;
mod icons;
mod inputs;
mod layout;
mod list;
mod media;
mod root;
mod style;
mod table;
mod text;
mod tokens;

pub use basic::{Basic, BasicChild};
pub use card::{Card, CardAction, CardSize};
pub use chart::{AreaSeries, BarSeries, Chart, ChartValue, CurveType, LineSeries, Series, XAxis, XAxisConfig};
pub use controls::{
    Button, ButtonColor, ButtonIconSize, ButtonStyle, Checkbox, RadioGroup, RadioOption, Select, SelectOption,
};
pub use diff::{WidgetUpdate, diff_widget};
pub use error::WidgetError;
pub use icons::IconName;
pub use inputs::{
    DatePicker, DatePickerAlign, DatePickerSide, DateTimeValue, GutterSize, Input, InputType, InputVariant, Textarea,
};
pub use layout::{Col, Divider, Form, Row, Spacer, Transition, WidgetBox};
pub use list::{ListLimit, ListView, ListViewItem};
pub use media::{Icon, Image, ImageFit, ImagePosition};
pub use root::{WidgetComponent, WidgetNode, WidgetRoot};
pub use style::{
    Border, BorderSide, BorderStyle, BorderValue, Borders, Color, IntOrString, NumberOrString, Spacing, SpacingValue,
    ThemeColor, WidgetStatus,
};
pub use table::{Table, TableCell, TableCellAlign, TableColSize, TableRow};
pub use text::{
    Badge, BadgeColor, BadgeSize, BadgeVariant, Caption, Editable, EditableProps, Label, Markdown, Text, Title,
};
pub use tokens::{
    Alignment, CaptionSize, ControlSize, ControlVariant, Direction, FlexWrap, FontWeight, IconSize, Justification,
    RadiusValue, TextAlign, TextSize, Theme, TitleSize,
};
