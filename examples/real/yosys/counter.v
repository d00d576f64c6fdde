module top(input clk, input rst, input en, output reg [7:0] count, output wrap);
  always @(posedge clk)
    if (rst) count <= 0;
    else if (en) count <= count + 1;
  assign wrap = (count == 8'hff) & en;
endmodule
