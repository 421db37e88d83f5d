//! The Chart component: bar, area and line series over rows of data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::style::{Color, IntOrString, NumberOrString};

str_enum! {
    /// Interpolation curve of area and line series.
    pub enum CurveType {
        Basis = "basis", BasisClosed = "basisClosed", BasisOpen = "basisOpen", BumpX = "bumpX", BumpY = "bumpY",
        Bump = "bump", Linear = "linear", LinearClosed = "linearClosed", Natural = "natural",
        MonotoneX = "monotoneX", MonotoneY = "monotoneY", Monotone = "monotone", Step = "step",
        StepBefore = "stepBefore", StepAfter = "stepAfter",
    }
}

/// One value of a chart data row: the SDK's `str | int | float`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChartValue {
    /// Integer value.
    Int(i64),
    /// Floating-point value.
    Float(f64),
    /// Text value (typically the x-axis category).
    String(String),
}

impl From<i64> for ChartValue {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<i32> for ChartValue {
    fn from(value: i32) -> Self {
        Self::Int(value.into())
    }
}

impl From<f64> for ChartValue {
    fn from(value: f64) -> Self {
        Self::Float(value)
    }
}

impl From<&str> for ChartValue {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl From<String> for ChartValue {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

/// X-axis options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct XAxisConfig {
    /// Data field holding the categories.
    pub data_key: String,
    /// Hide the axis line, ticks and labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide: Option<bool>,
    /// Display labels per tick value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
}

/// `Chart.xAxis`: a data key, or [`XAxisConfig`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum XAxis {
    /// The data field holding the categories.
    Key(String),
    /// Full options.
    Config(XAxisConfig),
}

impl From<&str> for XAxis {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<String> for XAxis {
    fn from(key: String) -> Self {
        Self::Key(key)
    }
}

impl From<XAxisConfig> for XAxis {
    fn from(config: XAxisConfig) -> Self {
        Self::Config(config)
    }
}

/// Defines a series struct: `label`, `dataKey`, `color`, plus the given extra optional props.
macro_rules! series {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// Legend label (the SDK requires the key but allows null, which is then omitted).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub label: Option<String>,
            /// Data field holding the numeric values.
            pub data_key: String,
            /// Chart color token (`blue`, `green`…), primitive token, CSS or theme pair.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub color: Option<Color>,
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl $name {
            /// A series plotting the field `data_key`, labelled `label` in the legend.
            pub fn new(label: impl Into<String>, data_key: impl Into<String>) -> Self {
                Self { label: Some(label.into()), data_key: data_key.into(), color: None, $($field: None,)* }
            }

            into_setters! { color: Color, $($field: $ty),* }
        }
    };
}

series! {
    /// A bar series (`type: "bar"`), stackable.
    BarSeries {
        /// Stack group id: series with the same id stack.
        stack: String,
    }
}

series! {
    /// An area series (`type: "area"`), stackable, with a curve.
    AreaSeries {
        /// Stack group id: series with the same id stack.
        stack: String,
        /// Interpolation curve.
        curve_type: CurveType,
    }
}

series! {
    /// A line series (`type: "line"`), with a curve.
    LineSeries {
        /// Interpolation curve.
        curve_type: CurveType,
    }
}

/// A chart series, tagged by `type` (`bar`, `area`, `line`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Series {
    /// Bars.
    Bar(BarSeries),
    /// Filled area.
    Area(AreaSeries),
    /// Line.
    Line(LineSeries),
}

impl From<BarSeries> for Series {
    fn from(series: BarSeries) -> Self {
        Self::Bar(series)
    }
}

impl From<AreaSeries> for Series {
    fn from(series: AreaSeries) -> Self {
        Self::Area(series)
    }
}

impl From<LineSeries> for Series {
    fn from(series: LineSeries) -> Self {
        Self::Line(series)
    }
}

widget! {
    /// A bar, line or area chart (`Chart`; only in the Python SDK, not in the npm types).
    Chart {
        /// Rows of data, each mapping field names to values.
        data: Vec<BTreeMap<String, ChartValue>>,
        /// Series drawn from the data.
        series: Vec<Series>,
        /// X-axis data key or options.
        x_axis: XAxis,
    } {
        /// Flex grow/shrink factor.
        flex: IntOrString,
        /// Height; px or CSS.
        height: IntOrString,
        /// Width; px or CSS.
        width: IntOrString,
        /// Width and height; px or CSS.
        size: IntOrString,
        /// Minimum height; px or CSS.
        min_height: IntOrString,
        /// Minimum width; px or CSS.
        min_width: IntOrString,
        /// Minimum width and height; px or CSS.
        min_size: IntOrString,
        /// Maximum height; px or CSS.
        max_height: IntOrString,
        /// Maximum width; px or CSS.
        max_width: IntOrString,
        /// Maximum width and height; px or CSS.
        max_size: IntOrString,
        /// Aspect ratio of the chart area, or CSS.
        aspect_ratio: NumberOrString,
    } {
        /// Show the Y axis.
        show_y_axis: bool,
        /// Show a legend.
        show_legend: bool,
        /// Show a tooltip on hover.
        show_tooltip: bool,
        /// Gap between bars of one category, in px.
        bar_gap: i64,
        /// Gap between categories, in px.
        bar_category_gap: i64,
    }
}

impl Chart {
    /// A chart without data over the x-axis `x_axis`.
    pub fn new(x_axis: impl Into<XAxis>) -> Self {
        Self::with_required(Vec::new(), Vec::new(), x_axis.into())
    }

    /// Appends one data row.
    #[must_use]
    pub fn row<K: Into<String>, V: Into<ChartValue>>(mut self, row: impl IntoIterator<Item = (K, V)>) -> Self {
        self.data.push(row.into_iter().map(|(key, value)| (key.into(), value.into())).collect());
        self
    }

    /// Appends one series.
    #[must_use]
    pub fn series(mut self, series: impl Into<Series>) -> Self {
        self.series.push(series.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chart_matches_the_sdk_dump() {
        // SDK: Chart(data=[{"a": 1, "b": 1.5, "c": "x"}], series=[BarSeries(label=None, dataKey="a")], xAxis="c")
        let sdk = json!({"data": [{"a": 1, "b": 1.5, "c": "x"}], "series": [{"type": "bar", "dataKey": "a"}],
                         "xAxis": "c"});
        let parsed: Chart = serde_json::from_value(sdk.clone()).expect("SDK chart parses");
        assert_eq!(parsed.data[0]["a"], ChartValue::Int(1));
        assert_eq!(json!(parsed), sdk);
        let built = Chart::new("c")
            .row([("a", ChartValue::from(1)), ("b", 1.5.into()), ("c", "x".into())])
            .series(BarSeries { label: None, ..BarSeries::new("", "a") });
        assert_eq!(json!(built), sdk);
    }

    #[test]
    fn series_and_axis_options_use_wire_names() {
        let chart = Chart::new(XAxisConfig { data_key: "day".into(), hide: Some(true), labels: None })
            .series(LineSeries::new("Done", "done").curve_type(CurveType::MonotoneX))
            .show_y_axis(true)
            .bar_gap(4);
        assert_eq!(
            json!(chart),
            json!({"data": [], "xAxis": {"dataKey": "day", "hide": true}, "showYAxis": true, "barGap": 4,
                   "series": [{"type": "line", "label": "Done", "dataKey": "done", "curveType": "monotoneX"}]})
        );
        assert!(serde_json::from_value::<Series>(json!({"type": "pie", "dataKey": "a"})).is_err());
        assert!(serde_json::from_value::<Series>(json!({"type": "line", "dataKey": "a", "stack": "s"})).is_err());
        assert!(serde_json::from_value::<Chart>(json!({"data": [{"a": true}], "series": [], "xAxis": "a"})).is_err());
    }
}
