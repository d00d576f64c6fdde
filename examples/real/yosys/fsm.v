module top(input clk, input rst, input [1:0] in, output reg [2:0] state, output out);
  always @(posedge clk) begin
    if (rst) state <= 0;
    else case (state)
      0: state <= in[0] ? 1 : 0;
      1: state <= in[1] ? 2 : 3;
      2: state <= 4;
      3: state <= in == 2'b11 ? 0 : 3;
      default: state <= 0;
    endcase
  end
  assign out = state == 4;
endmodule
