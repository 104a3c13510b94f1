import Foundation

/// Labelled points on two linear axes: a Morris μ*–σ plot, or one panel of a pairs plot.
public struct ScatterChart: Sendable {
    /// One point; `label` is drawn beside it when ``showLabels`` is set and is its tooltip either way.
    public struct Point: Sendable {
        public var label: String
        public var x: Double
        public var y: Double
        /// Opacity 0–1 (e.g. a particle's weight relative to the largest).
        public var opacity: Double

        public init(label: String, x: Double, y: Double, opacity: Double = 1) {
            self.label = label
            self.x = x
            self.y = y
            self.opacity = opacity
        }
    }

    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var points: [Point]
    public var showLabels: Bool
    /// Draw the line y = x (σ = μ*: effects as nonlinear or interacting as they are large).
    public var diagonal: Bool
    public var width: Double = 520
    public var height: Double = 380
    /// Axes from zero (μ* and σ are never negative).
    public var includeZero: Bool = true
    public var radius: Double = 4

    public init(title: String, xTitle: String, yTitle: String, points: [Point], showLabels: Bool = true, diagonal: Bool = false) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.points = points
        self.showLabels = showLabels
        self.diagonal = diagonal
    }

    public func svg() -> SVGElement {
        // Labels are never cut: the widest label beside the rightmost point widens the chart.
        let labelRoom = showLabels ? widestText(points.map(\.label), size: 9.5) + radius + 6 : 0
        let left = 60.0, right = max(20, labelRoom), top = 14.0, bottom = 44.0
        let width = self.width + max(0, right - 20)
        let x = LinearScale.fitting(points.map(\.x), range: (left, width - right), includeZero: includeZero)
        let y = LinearScale.fitting(points.map(\.y), range: (height - bottom, top), includeZero: includeZero)
        var children = [Axis.bottom(x, y: height - bottom, title: xTitle, grid: height - bottom - top),
                        Axis.left(y, x: left, title: yTitle)]
        if diagonal {
            let end = min(x.domain.upper, y.domain.upper)
            children.append(SVG.line(x1: x(0), y1: y(0), x2: x(end), y2: y(end), stroke: "#999", dash: "4 3"))
        }
        for point in points where point.x.isFinite && point.y.isFinite {
            var dot = SVG.circle(cx: x(point.x), cy: y(point.y), r: radius, fill: "#4a7fb0",
                                 title: "\(point.label): \(chartLabel(point.x, decimals: 3)), \(chartLabel(point.y, decimals: 3))")
            if point.opacity < 1 { dot.set("fill-opacity", svgNumber(max(0.08, point.opacity))) }
            children.append(dot)
            if showLabels {
                children.append(SVG.text(point.label, x: x(point.x) + radius + 3, y: y(point.y) + 3.5, size: 9.5))
            }
        }
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}

/// A weighted histogram over a fixed range: a posterior marginal over the prior's range.
public struct Histogram: Sendable {
    public var title: String
    public var xTitle: String
    public var values: [Double]
    /// Weights of ``values`` (equal when nil).
    public var weights: [Double]?
    /// The range the bins divide (e.g. the prior's); values outside it are not drawn.
    public var range: (lower: Double, upper: Double)
    public var bins: Int
    /// A value to mark with a dashed line (e.g. the parameter's default), with its name.
    public var marker: (value: Double, name: String)?
    public var width: Double = 360
    public var height: Double = 220

    public init(title: String, xTitle: String, values: [Double], weights: [Double]? = nil, range: (Double, Double), bins: Int = 20,
                marker: (value: Double, name: String)? = nil) {
        self.title = title
        self.xTitle = xTitle
        self.values = values
        self.weights = weights
        self.range = range
        self.bins = max(1, bins)
        self.marker = marker
    }

    /// The weight in each bin, as a share of all weight.
    public var shares: [Double] {
        var counts = Array(repeating: 0.0, count: bins)
        let span = range.upper - range.lower
        var total = 0.0
        for (i, value) in values.enumerated() where value.isFinite {
            let weight = weights?[i] ?? 1
            total += weight
            guard value >= range.lower, value <= range.upper else { continue }
            let bin = span > 0 ? min(bins - 1, Int((value - range.lower) / span * Double(bins))) : 0
            counts[bin] += weight
        }
        return total > 0 ? counts.map { $0 / total } : counts
    }

    public func svg() -> SVGElement {
        let left = 60.0, right = 12.0, top = 12.0, bottom = 44.0
        let x = LinearScale(domain: (range.lower, range.upper), range: (left, width - right))
        let heights = shares
        let y = LinearScale.fitting(heights, range: (height - bottom, top), includeZero: true)
        var children = [Axis.bottom(x, y: height - bottom, title: xTitle), Axis.left(y, x: left, title: "share", percent: true)]
        let step = (range.upper - range.lower) / Double(bins)
        for (bin, share) in heights.enumerated() {
            let lower = range.lower + step * Double(bin)
            children.append(SVG.rect(x: x(lower), y: y(share), width: x(lower + step) - x(lower) - 1, height: y(0) - y(share),
                                     fill: "#4a7fb0",
                                     title: "\(chartLabel(lower, decimals: 3))–\(chartLabel(lower + step, decimals: 3)): \(chartLabel(share, percent: true, decimals: 1))"))
        }
        if let marker, marker.value.isFinite {
            children.append(SVG.line(x1: x(marker.value), y1: top, x2: x(marker.value), y2: height - bottom, stroke: "#d95f02", width: 1.5, dash: "4 3"))
            children.append(SVG.text(marker.name, x: x(marker.value) + 3, y: top + 10, size: 9.5, fill: "#d95f02"))
        }
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}

/// Per row an estimate (a dot with an interval) against a reference interval drawn as a shaded band:
/// the posterior predictive of each calibration target against what was observed.
public struct IntervalChart: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var estimate: Double
        public var interval: (Double, Double)?
        public var reference: (Double, Double)?

        public init(label: String, estimate: Double, interval: (Double, Double)?, reference: (Double, Double)?) {
            self.label = label
            self.estimate = estimate
            self.interval = interval
            self.reference = reference
        }
    }

    public var title: String
    public var valueTitle: String
    public var estimateName: String
    public var referenceName: String
    public var rows: [Row]
    public var width: Double = 760

    public init(title: String, valueTitle: String, estimateName: String, referenceName: String, rows: [Row]) {
        self.title = title
        self.valueTitle = valueTitle
        self.estimateName = estimateName
        self.referenceName = referenceName
        self.rows = rows
    }

    public func svg() -> SVGElement {
        let rowHeight = 24.0, top = 26.0, bottom = 44.0
        let labelWidth = max(180, widestText(rows.map(\.label), size: 10) + 12)
        let width = self.width + labelWidth - 180
        let height = top + rowHeight * Double(rows.count) + bottom
        let values = rows.flatMap { row in
            [row.estimate] + (row.interval.map { [$0.0, $0.1] } ?? []) + (row.reference.map { [$0.0, $0.1] } ?? [])
        }
        let x = LinearScale.fitting(values, range: (labelWidth, width - 20), includeZero: true)
        let y = BandScale(count: max(1, rows.count), range: (top, top + rowHeight * Double(rows.count)), padding: 0.3)
        var children = [Axis.bottom(x, y: height - bottom, title: valueTitle, grid: height - bottom - top)]
        children.append(SVG.rect(x: labelWidth, y: 4, width: 14, height: 10, fill: "#f4c27a"))
        children.append(SVG.text(referenceName, x: labelWidth + 18, y: 13, size: 10))
        children.append(SVG.circle(cx: labelWidth + 200, cy: 9, r: 4, fill: "#1a4f7f"))
        children.append(SVG.text(estimateName, x: labelWidth + 208, y: 13, size: 10))
        for (index, row) in rows.enumerated() {
            let middle = y.center(index)
            if let reference = row.reference {
                children.append(SVG.rect(x: x(reference.0), y: y(index), width: x(reference.1) - x(reference.0), height: y.bandwidth, fill: "#f4c27a",
                                         title: "\(row.label): \(referenceName) \(chartLabel(reference.0, decimals: 3)) to \(chartLabel(reference.1, decimals: 3))"))
            }
            if let interval = row.interval, interval.0.isFinite, interval.1.isFinite {
                children.append(SVG.line(x1: x(interval.0), y1: middle, x2: x(interval.1), y2: middle, stroke: "#1a4f7f", width: 1.5))
                children.append(SVG.line(x1: x(interval.0), y1: middle - 4, x2: x(interval.0), y2: middle + 4, stroke: "#1a4f7f"))
                children.append(SVG.line(x1: x(interval.1), y1: middle - 4, x2: x(interval.1), y2: middle + 4, stroke: "#1a4f7f"))
            }
            if row.estimate.isFinite {
                children.append(SVG.circle(cx: x(row.estimate), cy: middle, r: 4, fill: "#1a4f7f",
                                           title: "\(row.label): \(estimateName) \(chartLabel(row.estimate, decimals: 3))"
                                               + (row.interval.map { " (\(chartLabel($0.0, decimals: 3)) to \(chartLabel($0.1, decimals: 3)))" } ?? "")))
            }
            children.append(SVG.text(row.label, x: labelWidth - 6, y: middle + 3.5, anchor: "end", size: 10))
        }
        return SVG.document(width: width, height: height, title: title, children: children)
    }
}
