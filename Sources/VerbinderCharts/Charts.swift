import Foundation

/// Axes drawn from a ``LinearScale``: a base line, ticks, tick labels and an axis title.
public enum Axis {
    /// A horizontal axis at height `y`, spanning the scale's range.
    public static func bottom(_ scale: LinearScale, y: Double, title: String?, percent: Bool = false,
                              grid height: Double = 0) -> SVGElement {
        var children: [SVGElement] = [SVG.line(x1: scale.range.start, y1: y, x2: scale.range.end, y2: y)]
        for tick in scale.ticks() {
            let x = scale(tick)
            if height > 0 { children.append(SVG.line(x1: x, y1: y - height, x2: x, y2: y, stroke: "#e3e3e3")) }
            children.append(SVG.line(x1: x, y1: y, x2: x, y2: y + 4))
            children.append(SVG.text(chartLabel(tick, percent: percent, decimals: scale.tickDecimals(percent: percent)), x: x, y: y + 16, anchor: "middle", size: 10))
        }
        if let title {
            children.append(SVG.text(title, x: (scale.range.start + scale.range.end) / 2, y: y + 32, anchor: "middle", size: 11))
        }
        var group = SVG.group(children)
        group.set("class", "axis")
        return group
    }

    /// A vertical axis at `x`, spanning the scale's range.
    public static func left(_ scale: LinearScale, x: Double, title: String?, percent: Bool = false,
                            grid width: Double = 0) -> SVGElement {
        var children: [SVGElement] = [SVG.line(x1: x, y1: scale.range.start, x2: x, y2: scale.range.end)]
        for tick in scale.ticks() {
            let y = scale(tick)
            if width > 0 { children.append(SVG.line(x1: x, y1: y, x2: x + width, y2: y, stroke: "#e3e3e3")) }
            children.append(SVG.line(x1: x - 4, y1: y, x2: x, y2: y))
            children.append(SVG.text(chartLabel(tick, percent: percent, decimals: scale.tickDecimals(percent: percent)), x: x - 6, y: y + 3.5, anchor: "end", size: 10))
        }
        if let title {
            let middle = (scale.range.start + scale.range.end) / 2
            children.append(SVG.text(title, x: x - 44, y: middle, anchor: "middle", size: 11, rotate: -90))
        }
        var group = SVG.group(children)
        group.set("class", "axis")
        return group
    }
}

/// Horizontal bars with optional 95% interval whiskers: a ranked list of arms.
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var interval: (Double, Double)?
        public var highlighted: Bool

        public init(label: String, value: Double, interval: (Double, Double)? = nil, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.interval = interval
            self.highlighted = highlighted
        }
    }

    public var title: String
    public var valueTitle: String
    public var bars: [Bar]
    public var percent: Bool
    public var width: Double = 760
    public var labelWidth: Double = 260

    public init(title: String, valueTitle: String, bars: [Bar], percent: Bool = false) {
        self.title = title
        self.valueTitle = valueTitle
        self.bars = bars
        self.percent = percent
    }

    /// The chart as an `<svg>` element.
    public func svg() -> SVGElement {
        let rowHeight = 18.0, top = 10.0, bottom = 44.0
        let height = top + rowHeight * Double(bars.count) + bottom
        // Labels are never cut: a longer label widens the label column and the chart with it.
        let labelWidth = max(self.labelWidth, widestText(bars.map(\.label), size: 10) + 12)
        let width = self.width + labelWidth - self.labelWidth
        let values = bars.flatMap { [$0.value] + ($0.interval.map { [$0.0, $0.1] } ?? []) }
        let x = LinearScale.fitting(values, range: (labelWidth, width - 20), includeZero: true)
        let y = BandScale(count: bars.count, range: (top, top + rowHeight * Double(bars.count)), padding: 0.25)
        var children = [Axis.bottom(x, y: height - bottom, title: valueTitle, percent: percent, grid: height - bottom - top)]
        for (index, bar) in bars.enumerated() {
            let start = x(min(0, bar.value)), end = x(max(0, bar.value))
            let tip = "\(bar.label): \(chartLabel(bar.value, percent: percent, decimals: 3))"
                + (bar.interval.map { " (95% CI \(chartLabel($0.0, percent: percent, decimals: 3)) to \(chartLabel($0.1, percent: percent, decimals: 3)))" } ?? "")
            children.append(SVG.rect(x: start, y: y(index), width: end - start, height: y.bandwidth,
                                     fill: bar.highlighted ? "#d95f02" : "#4a7fb0", title: tip))
            if let interval = bar.interval {
                let middle = y.center(index)
                children.append(SVG.line(x1: x(interval.0), y1: middle, x2: x(interval.1), y2: middle, stroke: "#222", width: 1.2))
                children.append(SVG.line(x1: x(interval.0), y1: middle - 4, x2: x(interval.0), y2: middle + 4, stroke: "#222"))
                children.append(SVG.line(x1: x(interval.1), y1: middle - 4, x2: x(interval.1), y2: middle + 4, stroke: "#222"))
            }
            children.append(SVG.text(bar.label, x: labelWidth - 6, y: y.center(index) + 3.5, anchor: "end", size: 10))
        }
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}

/// Lines through points, optionally with a shaded interval band per series, and a legend.
public struct LineChart: Sendable {
    /// One series.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// Lower and upper band per point (same order as ``points``), e.g. a 95% interval.
        public var band: [(Double, Double)]?

        public init(name: String, points: [(x: Double, y: Double)], band: [(Double, Double)]? = nil) {
            self.name = name
            self.points = points
            self.band = band
        }
    }

    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var series: [Series]
    public var xLabels: [String]?
    public var yPercent: Bool
    /// Whether the y axis starts at zero (off for interaction plots, where the differences matter).
    public var includeZero = true
    public var width: Double = 600
    public var height: Double = 320

    /// A chart; `xLabels` names the integer x positions 0, 1, 2, … instead of numeric ticks.
    public init(title: String, xTitle: String, yTitle: String, series: [Series], xLabels: [String]? = nil, yPercent: Bool = false) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
        self.xLabels = xLabels
        self.yPercent = yPercent
    }

    static let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]

    public func svg() -> SVGElement {
        // The legend column fits the longest series name, which is never cut.
        let right = max(190.0, widestText(series.map(\.name), size: 10) + 40)
        let width = self.width + right - 190
        let left = 64.0, top = 12.0, bottom = 48.0
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { s in s.points.map(\.y) + (s.band?.flatMap { [$0.0, $0.1] } ?? []) }
        let x: LinearScale
        if let xLabels {
            x = LinearScale(domain: (-0.3, Double(max(1, xLabels.count - 1)) + 0.3), range: (left, width - right))
        } else {
            x = LinearScale.fitting(xs, range: (left, width - right))
        }
        let y = LinearScale.fitting(ys, range: (height - bottom, top), includeZero: includeZero)
        var children: [SVGElement] = [Axis.left(y, x: left, title: yTitle, percent: yPercent, grid: width - right - left)]
        if let xLabels {
            var axis = [SVG.line(x1: left, y1: height - bottom, x2: width - right, y2: height - bottom)]
            for (index, label) in xLabels.enumerated() {
                axis.append(SVG.text(label, x: x(Double(index)), y: height - bottom + 16, anchor: "middle", size: 10))
            }
            axis.append(SVG.text(xTitle, x: (left + width - right) / 2, y: height - bottom + 32, anchor: "middle", size: 11))
            children.append(SVG.group(axis))
        } else {
            children.append(Axis.bottom(x, y: height - bottom, title: xTitle))
        }
        for (index, line) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            if let band = line.band, band.count == line.points.count, !band.isEmpty {
                let upper = zip(line.points, band).map { (x($0.x), y($1.1)) }
                let lower = zip(line.points, band).map { (x($0.x), y($1.0)) }.reversed()
                children.append(SVG.polygon(upper + lower, fill: color, opacity: 0.18))
            }
            children.append(SVG.polyline(line.points.map { (x($0.x), y($0.y)) }, stroke: color))
            for point in line.points {
                children.append(SVG.circle(cx: x(point.x), cy: y(point.y), r: 3, fill: color,
                                           title: "\(line.name): \(chartLabel(point.y, percent: yPercent, decimals: 3))"))
            }
            let legendY = top + 8 + Double(index) * 16
            children.append(SVG.rect(x: width - right + 12, y: legendY - 8, width: 12, height: 10, fill: color))
            children.append(SVG.text(line.name, x: width - right + 28, y: legendY + 1, size: 10))
        }
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}

/// A matrix of coloured cells with row and column labels and a colour legend.
public struct Heatmap: Sendable {
    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`; nil cells are grey.
    public var values: [[Double?]]
    public var colors: ColorScale
    public var percent: Bool
    /// Print each cell's value inside it.
    public var showValues: Bool
    public var cellWidth: Double = 24
    public var cellHeight: Double = 18
    public var rowLabelWidth: Double = 170
    public var columnLabelHeight: Double = 90

    public init(title: String, rowLabels: [String], columnLabels: [String], values: [[Double?]], colors: ColorScale,
                percent: Bool = false, showValues: Bool = false) {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.colors = colors
        self.percent = percent
        self.showValues = showValues
    }

    public func svg() -> SVGElement {
        // Labels are never cut: the label areas grow to the longest (column labels are drawn at −60°).
        let rowLabelWidth = max(self.rowLabelWidth, widestText(rowLabels, size: min(10, cellHeight * 0.75)) + 12)
        let columnLabelHeight = max(self.columnLabelHeight, widestText(columnLabels, size: 9) * 0.87 + 12)
        let gridWidth = cellWidth * Double(columnLabels.count)
        let gridHeight = cellHeight * Double(rowLabels.count)
        let legendHeight = 46.0
        let width = rowLabelWidth + gridWidth + 20
        let height = columnLabelHeight + gridHeight + legendHeight
        var children: [SVGElement] = []
        for (column, label) in columnLabels.enumerated() {
            let x = rowLabelWidth + cellWidth * (Double(column) + 0.5) + 3
            children.append(SVG.text(label, x: x, y: columnLabelHeight - 6, size: 9, rotate: -60))
        }
        for (row, label) in rowLabels.enumerated() {
            let y = columnLabelHeight + cellHeight * Double(row)
            children.append(SVG.text(label, x: rowLabelWidth - 6, y: y + cellHeight / 2 + 3.5, anchor: "end",
                                     size: min(10, cellHeight * 0.75)))
            for column in columnLabels.indices {
                let value = row < values.count && column < values[row].count ? values[row][column] : nil
                let tip = "\(label) × \(columnLabels[column]): " + (value.map { chartLabel($0, percent: percent, decimals: 3) } ?? "no data")
                let x = rowLabelWidth + cellWidth * Double(column)
                children.append(SVG.rect(x: x, y: y, width: cellWidth - 1, height: cellHeight - 1,
                                         fill: colors.color(value), title: tip))
                if showValues, let value {
                    children.append(SVG.text(chartLabel(value, percent: percent, decimals: percent ? 0 : 1),
                                             x: x + cellWidth / 2, y: y + cellHeight / 2 + 3.5, anchor: "middle", size: 9,
                                             fill: colors.needsLightText(value) ? "#fff" : "#222"))
                }
            }
        }
        // Legend: a ramp of 40 swatches with its end values.
        let legendY = columnLabelHeight + gridHeight + 14
        let legendWidth = min(260, max(160, gridWidth))
        let (lower, upper): (Double, Double)
        switch colors {
        case .sequential(let l, let u): (lower, upper) = (l, u)
        case .diverging(let limit): (lower, upper) = (-limit, limit)
        }
        for step in 0 ..< 40 {
            let value = lower + (upper - lower) * Double(step) / 39
            children.append(SVG.rect(x: rowLabelWidth + legendWidth * Double(step) / 40, y: legendY,
                                     width: legendWidth / 40 + 0.5, height: 10, fill: colors.color(value)))
        }
        children.append(SVG.text(chartLabel(lower, percent: percent, decimals: percent ? 1 : 3), x: rowLabelWidth, y: legendY + 24, size: 10))
        children.append(SVG.text(chartLabel(upper, percent: percent, decimals: percent ? 1 : 3), x: rowLabelWidth + legendWidth, y: legendY + 24,
                                 anchor: "end", size: 10))
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}

/// A tornado chart: per factor, a bar from the metric at its lowest-valued level to its highest, around a
/// reference line (the overall mean); factors sorted by the width of their bar.
public struct TornadoChart: Sendable {
    /// One factor's bar.
    public struct Item: Sendable {
        public var factor: String
        /// The metric's mean at the level where it is lowest, and that level's name.
        public var low: Double
        public var lowLevel: String
        public var high: Double
        public var highLevel: String

        public init(factor: String, low: Double, lowLevel: String, high: Double, highLevel: String) {
            self.factor = factor
            self.low = low
            self.lowLevel = lowLevel
            self.high = high
            self.highLevel = highLevel
        }
    }

    public var title: String
    public var metricTitle: String
    public var reference: Double
    public var items: [Item]
    public var percent: Bool
    public var width: Double = 760

    public init(title: String, metricTitle: String, reference: Double, items: [Item], percent: Bool = false) {
        self.title = title
        self.metricTitle = metricTitle
        self.reference = reference
        self.items = items.sorted { ($0.high - $0.low) > ($1.high - $1.low) }
        self.percent = percent
    }

    public func svg() -> SVGElement {
        let labelWidth = max(170.0, widestText(items.map(\.factor), size: 11) + 10), rowHeight = 26.0, top = 10.0, bottom = 44.0
        let width = self.width + labelWidth - 170
        let height = top + rowHeight * Double(items.count) + bottom
        let x = LinearScale.fitting(items.flatMap { [$0.low, $0.high] } + [reference], range: (labelWidth + 60, width - 80))
        let y = BandScale(count: items.count, range: (top, top + rowHeight * Double(items.count)), padding: 0.3)
        var children = [Axis.bottom(x, y: height - bottom, title: metricTitle, percent: percent, grid: height - bottom - top)]
        for (index, item) in items.enumerated() {
            let row = y(index), middle = y.center(index)
            let referenceX = x(reference)
            children.append(SVG.rect(x: min(x(item.low), referenceX), y: row, width: abs(referenceX - x(item.low)),
                                     height: y.bandwidth, fill: "#e08b5a",
                                     title: "\(item.factor) = \(item.lowLevel): \(chartLabel(item.low, percent: percent, decimals: 3))"))
            children.append(SVG.rect(x: min(x(item.high), referenceX), y: row, width: abs(x(item.high) - referenceX),
                                     height: y.bandwidth, fill: "#4a7fb0",
                                     title: "\(item.factor) = \(item.highLevel): \(chartLabel(item.high, percent: percent, decimals: 3))"))
            children.append(SVG.text(item.factor, x: labelWidth, y: middle + 3.5, anchor: "end", size: 11))
            children.append(SVG.text(item.lowLevel, x: x(item.low) - 4, y: middle + 3.5, anchor: "end", size: 9, fill: "#8a4a25"))
            children.append(SVG.text(item.highLevel, x: x(item.high) + 4, y: middle + 3.5, size: 9, fill: "#2c5378"))
        }
        children.append(SVG.line(x1: x(reference), y1: top - 4, x2: x(reference), y2: height - bottom, stroke: "#222", dash: "4 3"))
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}

/// An estimate of the widest of `texts` in pixels at font `size`: about 0.6 em per character for the
/// report's sans-serif font, enough to lay out labels without cutting them.
func widestText(_ texts: [String], size: Double) -> Double {
    Double(texts.map(\.count).max() ?? 0) * size * 0.6
}
